// JUnit XML for CI systems that show test reports (GitHub Actions reporters, GitLab, Jenkins): one <testsuite>
// per exercise, one <testcase> per hidden test, classname = the test's category.

import type { Results } from './results';

const xml = (s: string) =>
  s
    // XML 1.0 forbids these control characters even when escaped.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

export function toJUnit(all: readonly Results[]): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const count = (r: Results, s: string) => r.tests.filter((t) => t.status === s).length;
  const runErrors = all.filter((r) => r.status === 'error' && r.message).length;
  const total = (f: (r: Results) => number) => all.reduce((n, r) => n + f(r), 0);
  lines.push(
    `<testsuites name="llm-foundations" tests="${total((r) => r.tests.length)}" failures="${total((r) => count(r, 'fail'))}" errors="${total((r) => count(r, 'error')) + runErrors}">`,
  );
  for (const r of all) {
    const name = r.exercise ?? 'exercise';
    const time = r.durationMs === undefined ? '' : ` time="${(r.durationMs / 1000).toFixed(3)}"`;
    lines.push(`  <testsuite name="${xml(name)}" tests="${r.tests.length}" failures="${count(r, 'fail')}" errors="${count(r, 'error') + (r.status === 'error' && r.message ? 1 : 0)}"${time}>`);
    if (r.status === 'error' && r.message) {
      lines.push(`    <testcase classname="${xml(name)}" name="run">`, `      <error message="${xml(r.message)}"/>`, '    </testcase>');
    }
    for (const t of r.tests) {
      const open = `    <testcase classname="${xml(t.category ? `${name} › ${t.category}` : name)}" name="${xml(t.name)}"`;
      if (t.status === 'pass') {
        lines.push(`${open}/>`);
        continue;
      }
      const tag = t.status === 'fail' ? 'failure' : 'error';
      const body = [t.message ?? '', t.expected !== undefined ? `expected: ${t.expected}` : '', t.actual !== undefined ? `actual: ${t.actual}` : ''].filter(Boolean).join('\n');
      const out = t.output ? [`      <system-out>${xml(t.output)}</system-out>`] : [];
      lines.push(`${open}>`, `      <${tag} message="${xml((t.message ?? '').split('\n')[0])}">${xml(body)}</${tag}>`, ...out, '    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}
