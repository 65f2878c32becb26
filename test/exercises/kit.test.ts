// The authoring kit is what every hidden test leans on, so its own behaviour is pinned here: tolerances, the
// wording of failures, deterministic randomness and how a learner's module is loaded.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { assertClose, assertTensorClose, expectNoTensorLeak, learner, misconception, MisconceptionError, seededRandom } from '../../exercises/kit';

function messageOf(f: () => void): string {
  try {
    f();
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  return assert.fail('expected a throw');
}

describe('exercise kit: assertClose', () => {
  it('accepts values within tol · (1 + |expected|) and nested arrays of them', () => {
    assertClose(1 + 1e-7, 1);
    assertClose(1e6 + 0.5, 1e6); // relative for large values
    assertClose([[1, 2], [3, 4 + 1e-6]], [[1, 2], [3, 4]]);
    assertClose([Infinity, -Infinity], [Infinity, -Infinity]);
    assertClose(0.105, 0.1, { tol: 0.01 });
  });

  it('names the worst element, its index, expected vs actual and the tolerance', () => {
    const msg = messageOf(() => assertClose([[19, 22], [42.5, 50.1]], [[19, 22], [43, 50]], { what: 'matmul(a, b)' }));
    assert.match(msg, /^matmul\(a, b\): 2 of 4 elements differ by more than the tolerance; worst at \[1\]\[0\]: expected 43, got 42\.5/);
    assert.match(msg, /allowed 1e-6 × \(1 \+ \|43\|\)/);
  });

  it('reports shape differences and NaN instead of comparing numbers', () => {
    assert.match(messageOf(() => assertClose([[1, 2]], [[1, 2, 3]])), /at \[0\]: expected an array of length 3, got one of length 2/);
    assert.match(messageOf(() => assertClose(undefined, [1])), /the result: expected an array of length 1, got undefined/);
    assert.match(messageOf(() => assertClose([NaN], [0])), /expected 0, got NaN/);
  });
});

describe('exercise kit: seededRandom, misconception, learner', () => {
  it('seededRandom repeats its sequence for a seed, differs across seeds and stays in [0, 1)', () => {
    const take = (seed: number) => Array.from({ length: 1000 }, seededRandom(seed));
    assert.deepEqual(take(42), take(42));
    assert.notDeepEqual(take(42), take(43));
    assert.ok(take(7).every((x) => x >= 0 && x < 1));
  });

  it('misconception builds an Error whose message starts with "Misconception: <name> — "', () => {
    const err = misconception('elementwise product', 'sum over k instead');
    assert.ok(err instanceof Error && err instanceof MisconceptionError);
    assert.equal(err.message, 'Misconception: elementwise product — sum over k instead');
  });

  it('learner loads a .ts file from LLMF_LEARNER_DIR and explains a missing file, export or load error', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llmf-kit-'));
    const saved = process.env.LLMF_LEARNER_DIR;
    try {
      fs.writeFileSync(path.join(dir, 'good.ts'), 'export const double = (x: number): number => 2 * x;\n');
      fs.writeFileSync(path.join(dir, 'broken.ts'), "throw new Error('TODO: at module level');\n");
      process.env.LLMF_LEARNER_DIR = dir;
      assert.equal(learner<{ double(x: number): number }>('good.ts', ['double']).double(4), 8);
      assert.match(messageOf(() => learner<{ triple: unknown }>('good.ts', ['triple'])), /good\.ts does not export `triple`/);
      assert.match(messageOf(() => learner('missing.ts')), /missing\.ts was not found in/);
      assert.match(messageOf(() => learner('broken.ts')), /Loading broken\.ts failed before any test could run: TODO: at module level/);
      delete process.env.LLMF_LEARNER_DIR;
      assert.match(messageOf(() => learner('good.ts')), /LLMF_LEARNER_DIR is not set/);
    } finally {
      if (saved === undefined) delete process.env.LLMF_LEARNER_DIR;
      else process.env.LLMF_LEARNER_DIR = saved;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('exercise kit: tensors', () => {
  // The real TF.js (cpu backend), as the hidden tests of chapters 4-5 use it.
  before(async () => {
    await tf.setBackend('cpu');
  });

  it('accepts a tensor of the right shape, dtype and values, and names what differs otherwise', () => {
    const t = tf.tensor2d([[1, 2], [3, 4.00001]]);
    assertTensorClose(t, { shape: [2, 2], dtype: 'float32', values: [[1, 2], [3, 4]] });
    assert.match(messageOf(() => assertTensorClose(t, { shape: [4], values: [1, 2, 3, 4] }, { what: 'f(x)' })), /^f\(x\): expected shape \[4\], got \[2, 2\]/);
    assert.match(messageOf(() => assertTensorClose(t, { shape: [2, 2], dtype: 'int32', values: [[1, 2], [3, 4]] })), /expected dtype int32, got float32/);
    assert.match(messageOf(() => assertTensorClose(t, { shape: [2, 2], values: [[1, 2], [3, 5]] })), /worst at \[1\]\[1\]: expected 5, got 4\.0000/);
    assert.match(messageOf(() => assertTensorClose([[1]], { shape: [1, 1], values: [[1]] })), /expected a tf\.Tensor, got object/);
    t.dispose();
  });

  it('passes a function that returns its only new tensor, and names the leak of one that keeps intermediates', async () => {
    const x = tf.tensor1d([1, 2, 3]);
    const clean = await expectNoTensorLeak(tf, () => tf.tidy(() => x.square().sum()));
    clean.dispose();
    await assert.rejects(
      expectNoTensorLeak(tf, () => x.square().sum(), 'sumOfSquares'),
      (e: unknown) => e instanceof MisconceptionError && e.misconception === 'tensor leak' && /sumOfSquares left 1 intermediate tensor allocated/.test(e.message),
    );
    x.dispose();
  });
});
