import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { declarationOf } from '../../../src/testing/declaration';

describe('declarationOf (where a failure without a stack line points)', () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'llmf-decl-')), 'matrix.ts');
  fs.writeFileSync(file, ['// matmul in a comment', 'export type Matrix = number[][];', '', 'export function matmul(a: Matrix): Matrix {', '  return a;', '}', 'export const transpose = (a: Matrix) => a;', 'class Value {}', ''].join('\n'));

  it('finds the declaration the category starts with: function, const or class', () => {
    assert.deepEqual(declarationOf(file, 'matmul'), { line: 4, column: 17 });
    assert.deepEqual(declarationOf(file, 'transpose › on random matrices'), { line: 7, column: 14 });
    assert.deepEqual(declarationOf(file, 'Value'), { line: 8, column: 7 });
  });

  it('falls back to line 1 for no category, an unknown name or an unreadable file', () => {
    assert.deepEqual(declarationOf(file, undefined), { line: 1, column: 1 });
    assert.deepEqual(declarationOf(file, 'softmax'), { line: 1, column: 1 });
    assert.deepEqual(declarationOf(file, 'worked examples'), { line: 1, column: 1 });
    assert.deepEqual(declarationOf(path.join(file, 'missing.ts'), 'matmul'), { line: 1, column: 1 });
  });
});
