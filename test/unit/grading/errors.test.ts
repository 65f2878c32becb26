// How a thrown value becomes a TestResult: message, status, diff values and the learner location.

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { formatValue, learnerLocation, testResultFromError } from '../../../src/grading/errors';

const dir = path.join(path.sep, 'Users', 'Jane Doe', 'course (1)', 'neural-networks', 'matrix-ops');

describe('grading: errors to results', () => {
  it('finds the first stack frame in the learner folder, even with spaces and parentheses in the path', () => {
    const err = new Error('boom');
    err.stack = [
      'Error: boom',
      '    at Object.<anonymous> (/ext/dist/grading/tests/neural-networks/matrix-ops.js:10:3)',
      `    at shape (${path.join(dir, 'matrix.ts')}:18:9)`,
      `    at ${path.join(dir, 'lib', 'util.ts')}:2:1`,
    ].join('\n');
    assert.deepEqual(learnerLocation(err, dir), { file: 'matrix.ts', line: 18, column: 9 });
    err.stack = `Error: boom\n    at ${path.join(dir, 'lib', 'util.ts')}:2:1`;
    assert.deepEqual(learnerLocation(err, dir), { file: 'lib/util.ts', line: 2, column: 1 });
    err.stack = 'Error: boom\n    at /elsewhere/matrix.ts:1:1';
    assert.equal(learnerLocation(err, dir), undefined);
  });

  it('keeps a diff only for comparisons: not for assert.ok or assert.fail', () => {
    const diff = testResultFromError(Object.assign(new Error('x'), { name: 'AssertionError', expected: [1, 2], actual: [1, 3], operator: 'deepStrictEqual' }), { name: 't', learnerDir: dir });
    assert.deepEqual([diff.status, diff.expected, diff.actual], ['fail', '[1,2]', '[1,3]']);
    const ok = testResultFromError(Object.assign(new Error('x'), { name: 'AssertionError', expected: true, actual: false, operator: '==' }), { name: 't', learnerDir: dir });
    assert.equal(ok.expected, undefined);
  });

  it('prefixes errors other than Error and AssertionError with their name and marks them as errors', () => {
    const r = testResultFromError(new TypeError('x is not a function'), { name: 't', category: 'c', learnerDir: dir });
    assert.deepEqual([r.status, r.message, r.category], ['error', 'TypeError: x is not a function', 'c']);
    assert.equal(testResultFromError('a string', { name: 't', learnerDir: dir }).message, 'a string');
  });

  it('formats values for a diff: matrices a row per line, NaN and undefined visible, long text cut', () => {
    assert.equal(formatValue([[1, NaN], [undefined, -Infinity]]), '[[1,NaN],\n [undefined,-Infinity]]');
    assert.equal(formatValue('text'), 'text');
    assert.match(formatValue('x'.repeat(25_000)), /… \(5000 more characters\)$/);
    const cyclic: { self?: unknown } = {};
    cyclic.self = cyclic;
    assert.match(formatValue(cyclic), /Circular/);
  });
});
