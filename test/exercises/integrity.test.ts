// Exercise integrity: every exercise the manifest marks as available must be gradable. For each one, its hidden
// tests run twice in a child mocha process, exactly as the grader runs them: against the reference solution
// (every test must pass, and there must be at least five) and against the starter (at least one must fail — a
// starter that passes would mark a learner done before they begin). Run with `npm run test:exercises`.

import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseCatalog } from '../../src/course/catalog';
import type { Course, Exercise } from '../../src/course/types';
import { exerciseLayout } from '../../src/course/types';

const ROOT = path.resolve(__dirname, '..', '..');
const EXERCISES = path.join(ROOT, 'exercises');
const MOCHA = require.resolve('mocha/bin/mocha.js', { paths: [ROOT] });
const MIN_TESTS = 5;

interface MochaReport {
  stats: { tests: number; passes: number; failures: number; pending: number };
  failures: Array<{ fullTitle: string; err: { message?: string } }>;
}

interface Run {
  report?: MochaReport;
  exitCode: number | null;
  output: string;
}

/** Runs the exercise's hidden tests against the learner files in `learnerDir`, with a JSON report. */
async function runHiddenTests(e: Exercise, learnerDir: string): Promise<Run> {
  const reportFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'llmf-integrity-')), 'report.json');
  const spec = `${exerciseLayout.testsDir(e)}/**/*.test.ts`;
  const args = [
    MOCHA,
    '--no-config',
    '--no-package',
    '--import=tsx',
    '--timeout', String(e.timeoutMs),
    '--reporter', 'json',
    '--reporter-option', `output=${reportFile}`,
    `exercises/${spec}`,
  ];
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, LLMF_LEARNER_DIR: learnerDir } });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const report = fs.existsSync(reportFile) ? (JSON.parse(fs.readFileSync(reportFile, 'utf8')) as MochaReport) : undefined;
  fs.rmSync(path.dirname(reportFile), { recursive: true, force: true });
  return { report, exitCode, output };
}

function describeRun(run: Run): string {
  if (!run.report) return `mocha exited with ${run.exitCode} and wrote no report:\n${run.output.slice(-2000)}`;
  const { tests, passes, failures, pending } = run.report.stats;
  const failed = run.report.failures.map((f) => `  - ${f.fullTitle}: ${(f.err.message ?? '').split('\n')[0]}`);
  return `${tests} tests: ${passes} passed, ${failures} failed, ${pending} skipped${failed.length ? '\n' + failed.join('\n') : ''}`;
}

let course: Course | undefined;
let catalogError: unknown;
try {
  const manifest: unknown = JSON.parse(fs.readFileSync(path.join(EXERCISES, 'course.json'), 'utf8'));
  course = parseCatalog(manifest, (rel) => fs.existsSync(path.join(EXERCISES, rel)));
} catch (err) {
  catalogError = err;
}

describe('exercise integrity', () => {
  it('exercises/course.json is a valid catalog whose listed files exist', () => {
    if (catalogError) throw catalogError;
  });

  const available = (course?.chapters ?? []).flatMap((c) => c.exercises).filter((e) => !e.comingSoon);
  for (const e of available) {
    const dir = path.join(EXERCISES, e.chapter, e.slug);
    const childBudget = Math.max(120_000, 10 * e.timeoutMs);

    it(`${e.id}: the reference solution passes every hidden test (at least ${MIN_TESTS})`, async function () {
      this.timeout(childBudget);
      const run = await runHiddenTests(e, path.join(dir, 'solution'));
      const stats = run.report?.stats;
      assert.ok(stats && run.exitCode === 0 && stats.failures === 0, `${e.id}: with the solution, ${describeRun(run)}`);
      assert.ok(stats.tests >= MIN_TESTS, `${e.id}: only ${stats.tests} hidden tests ran; every exercise needs at least ${MIN_TESTS}`);
      assert.equal(stats.pending, 0, `${e.id}: ${stats.pending} hidden tests are skipped; a skipped test grades nothing`);
    });

    it(`${e.id}: the starter fails at least one hidden test`, async function () {
      this.timeout(childBudget);
      const run = await runHiddenTests(e, path.join(dir, 'starter'));
      const stats = run.report?.stats;
      assert.ok(stats && stats.tests >= MIN_TESTS, `${e.id}: the hidden tests did not run against the starter: ${describeRun(run)}`);
      assert.ok(stats.failures > 0, `${e.id}: the starter passes all ${stats.tests} hidden tests, so a learner would be done before starting`);
    });
  }
});
