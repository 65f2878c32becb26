// The results format's type guard and the JUnit rendering of it.

import * as assert from 'node:assert/strict';
import type { Results } from '../../../src/grading';
import { isResults, scoreLine, statusOf, toJUnit } from '../../../src/grading';
import { withTypeCheck } from '../../../src/grading/results';

const sample: Results = {
  version: 3,
  status: 'fail',
  exercise: 'neural-networks/matrix-ops',
  durationMs: 120,
  tests: [
    { name: 'multiplies <2×2>', status: 'pass', category: 'matmul' },
    { name: 'transposes', status: 'fail', category: 'transpose', message: 'expected "a" & b', expected: '[[1]]', actual: '[[2]]', misconception: 'x', location: { file: 'matrix.ts', line: 3, column: 5 } },
    { name: 'loads', status: 'error', message: 'TypeError: boom' },
  ],
};

describe('grading results format', () => {
  it('accepts a well-formed results.json v3 and rejects malformed ones', () => {
    assert.ok(isResults(sample));
    assert.ok(isResults({ version: 3, status: 'error', message: 'timeout', tests: [] }));
    assert.ok(!isResults({ ...sample, version: 2 }));
    assert.ok(!isResults({ ...sample, status: 'passed' }));
    assert.ok(!isResults({ ...sample, tests: [{ name: 'x', status: 'ok' }] }));
    assert.ok(!isResults({ ...sample, tests: [{ name: 'x', status: 'fail', location: { file: 'a.ts', line: '3', column: 1 } }] }));
    assert.ok(!isResults(null));
  });

  it('derives the run status from the tests: no tests is an error, any non-pass a failure', () => {
    assert.equal(statusOf([]), 'error');
    assert.equal(statusOf([{ name: 'a', status: 'pass' }]), 'pass');
    assert.equal(statusOf([{ name: 'a', status: 'pass' }, { name: 'b', status: 'error' }]), 'fail');
    assert.equal(scoreLine(sample), '1 of 3 tests passed');
  });

  it('renders JUnit XML with a testcase per test, failures and errors apart, and text escaped', () => {
    const xml = toJUnit([sample, { version: 3, status: 'error', exercise: 'neural-networks/activations', message: 'ran past 10 s', tests: [] }]);
    assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="llm-foundations" tests="3" failures="1" errors="2">/);
    assert.match(xml, /<testcase classname="neural-networks\/matrix-ops › matmul" name="multiplies &lt;2×2&gt;"\/>/);
    assert.match(xml, /<failure message="expected &quot;a&quot; &amp; b">expected &quot;a&quot; &amp; b\nexpected: \[\[1\]\]\nactual: \[\[2\]\]<\/failure>/);
    assert.match(xml, /<error message="TypeError: boom">/);
    assert.match(xml, /<testsuite name="neural-networks\/activations" tests="0" failures="0" errors="1">\n {4}<testcase classname="neural-networks\/activations" name="run">\n {6}<error message="ran past 10 s"\/>/);
  });
});

describe('withTypeCheck', () => {
  const passing: Results = { version: 3, status: 'pass', tests: [{ name: 'a', status: 'pass' }] };

  it('adds nothing when there are no type errors (the score counts the hidden tests)', () => {
    assert.deepEqual(withTypeCheck(passing, []), passing);
  });

  it('fails a run whose hidden tests pass when the learner file has type errors, listing them at the first one', () => {
    const problems = Array.from({ length: 12 }, (_, i) => ({ file: 'x.ts', line: i + 3, column: 5, code: 2322, message: `problem ${i}` }));
    const r = withTypeCheck(passing, problems);
    assert.equal(r.status, 'fail');
    const check = r.tests.at(-1);
    assert.equal(check?.status, 'fail');
    assert.deepEqual(check?.location, { file: 'x.ts', line: 3, column: 5 });
    assert.match(check?.message ?? '', /^TypeScript reports 12 errors in your code/);
    assert.match(check?.message ?? '', /\nx\.ts:3:5 TS2322: problem 0\n/);
    assert.match(check?.message ?? '', /\n… and 2 more$/);
  });

  it('leaves a run that errored before any test alone', () => {
    const broken: Results = { version: 3, status: 'error', message: 'ran past 10 s', tests: [] };
    assert.deepEqual(withTypeCheck(broken, [{ file: 'x.ts', line: 1, column: 1, message: 'm' }]), broken);
  });
});
