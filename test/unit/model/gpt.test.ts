// The reference GPT (src/model): parameter count, shapes, causality, training and tensor hygiene. Pure TF.js on
// the CPU backend; configs are tiny so the whole file runs in a few seconds.

import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import type { GPT, GPTConfig } from '../../../src/model';
import { AdamW, CAPSTONE_CONFIG, causalMask, countParameters, createGPT, getBatch, layerNorm, sample, scaledDotProductAttention, seededRandom, train, trainStep } from '../../../src/model';

const TINY: GPTConfig = { vocabSize: 13, blockSize: 8, nLayer: 2, nHead: 2, nEmbd: 16 };
const ids = (rows: number[][]) => tf.tensor2d(rows, undefined, 'int32');

/** Runs `fn` with a fresh tiny GPT and disposes it afterwards. */
function withGPT<T>(config: GPTConfig, seed: number, fn: (gpt: GPT) => T): T {
  const gpt = createGPT(config, seed);
  try {
    return fn(gpt);
  } finally {
    gpt.dispose();
  }
}

/** Logits of one sequence as nested arrays [T][V]. */
function logitsOf(gpt: GPT, seq: number[]): number[][] {
  return tf.tidy(() => (gpt.forward(ids([seq])).arraySync() as number[][][])[0]);
}

before(async () => {
  await tf.setBackend('cpu');
});

describe('model: parameter count', () => {
  it('the capstone config has 12,318,720 parameters', () => {
    assert.equal(countParameters(CAPSTONE_CONFIG), 12_318_720);
  });

  it('countParameters equals the total size of the created variables, with no LM head of its own', () => {
    for (const config of [TINY, { vocabSize: 7, blockSize: 5, nLayer: 1, nHead: 1, nEmbd: 4 }, { vocabSize: 31, blockSize: 12, nLayer: 3, nHead: 4, nEmbd: 24 }]) {
      withGPT(config, 1, (gpt) => {
        const total = gpt.parameters().reduce((n, v) => n + v.size, 0);
        assert.equal(total, countParameters(config), `variables of ${JSON.stringify(config)}`);
        const names = gpt.namedParameters().map(([n]) => n);
        assert.equal(new Set(names).size, names.length, 'parameter names are unique');
        assert.equal(names.length, 2 + 12 * config.nLayer + 2);
      });
    }
  });

  it('rejects a config whose nHead does not divide nEmbd', () => {
    assert.throws(() => createGPT({ ...TINY, nHead: 3 }), /divisible by nHead/);
  });
});

describe('model: forward', () => {
  it('maps ids [B, T] to logits [B, T, V] for T from 1 to blockSize, and refuses T > blockSize', () => {
    withGPT(TINY, 2, (gpt) => {
      for (const [B, T] of [[1, 1], [3, 5], [2, TINY.blockSize]]) {
        const x = tf.zeros([B, T], 'int32') as tf.Tensor2D;
        const out = gpt.forward(x);
        assert.deepEqual(out.shape, [B, T, TINY.vocabSize]);
        assert.equal(out.dtype, 'float32');
        tf.dispose([x, out]);
      }
      const long = tf.zeros([1, TINY.blockSize + 1], 'int32') as tf.Tensor2D;
      assert.throws(() => gpt.forward(long), /blockSize/);
      long.dispose();
    });
  });

  it('is causal: changing the token at t + 1 leaves the logits at 0..t unchanged', () => {
    withGPT(TINY, 3, (gpt) => {
      const rand = seededRandom(7);
      const seq = Array.from({ length: TINY.blockSize }, () => Math.floor(rand() * TINY.vocabSize));
      const base = logitsOf(gpt, seq);
      for (const t of [0, 3, 6]) {
        const changed = seq.slice();
        changed[t + 1] = (changed[t + 1] + 5) % TINY.vocabSize;
        const after = logitsOf(gpt, changed);
        for (let s = 0; s <= t; s++) {
          const diff = Math.max(...base[s].map((v, i) => Math.abs(v - after[s][i])));
          assert.ok(diff < 1e-5, `logits at ${s} changed by ${diff} when token ${t + 1} changed`);
        }
        const later = Math.max(...base[t + 1].map((v, i) => Math.abs(v - after[t + 1][i])));
        assert.ok(later > 1e-4, `logits at ${t + 1} should depend on the token there (changed by ${later})`);
      }
    });
  });

  it('uses positions: a constant sequence gets different logits at different positions', () => {
    withGPT(TINY, 4, (gpt) => {
      const out = logitsOf(gpt, [3, 3, 3, 3]);
      const diff = Math.max(...out[0].map((v, i) => Math.abs(v - out[3][i])));
      assert.ok(diff > 1e-4, `logits at 0 and 3 differ by only ${diff}`);
    });
  });

  it('forwardWithAttention returns causal attention rows that sum to 1', () => {
    withGPT(TINY, 5, (gpt) => {
      const x = ids([[1, 2, 3, 4], [4, 3, 2, 1]]);
      const { logits, attention } = gpt.forwardWithAttention(x);
      assert.equal(attention.length, TINY.nLayer);
      const w = attention[1].arraySync() as number[][][][];
      assert.deepEqual(attention[1].shape, [2, TINY.nHead, 4, 4]);
      for (const row of w[1][1]) assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-5);
      assert.equal(w[0][0][1][2], 0, 'a blocked weight is exactly 0');
      tf.dispose([x, logits, ...attention]);
    });
  });

  it('leaves no tensors behind after forward and trainStep, and dispose() frees the variables', () => {
    const before = tf.memory().numTensors;
    const gpt = createGPT(TINY, 6);
    const nVars = gpt.parameters().length;
    const opt = new AdamW({ learningRate: 1e-3 });
    const x = ids([[1, 2, 3, 4, 5]]);
    const y = ids([[2, 3, 4, 5, 6]]);
    trainStep(gpt, opt, x, y); // creates the optimizer's moments
    const steady = tf.memory().numTensors;
    const logits = gpt.forward(x);
    assert.equal(tf.memory().numTensors, steady + 1, 'forward leaves only its result');
    logits.dispose();
    trainStep(gpt, opt, x, y, { gradClip: 1e-3 });
    assert.equal(tf.memory().numTensors, steady, 'trainStep leaves nothing behind');
    opt.dispose();
    tf.dispose([x, y]);
    assert.equal(tf.memory().numTensors, before + nVars);
    gpt.dispose();
    assert.equal(tf.memory().numTensors, before);
  });
});

describe('model: layers', () => {
  it('causalMask, layerNorm and attention match the chapter 5 worked examples', () => {
    tf.tidy(() => {
      assert.deepEqual(causalMask(3).arraySync(), [[1, 0, 0], [1, 1, 0], [1, 1, 1]]);
      const ln = layerNorm(tf.tensor2d([[1, 2, 3]]), tf.ones([3]) as tf.Tensor1D, tf.zeros([3]) as tf.Tensor1D).arraySync() as number[][];
      [-1.2247356859083902, 0, 1.2247356859083902].forEach((v, i) => assert.ok(Math.abs(ln[0][i] - v) < 1e-4));
      const q = tf.tensor2d([[1, 0], [0, 1]]);
      const { weights, output } = scaledDotProductAttention(q, q, tf.tensor2d([[1, 2], [3, 4]]), causalMask(2));
      const e = Math.exp(-1 / Math.SQRT2);
      const w = weights.arraySync() as number[][];
      assert.deepEqual(w[0], [1, 0]);
      assert.ok(Math.abs(w[1][0] - e / (1 + e)) < 1e-6);
      assert.ok(Math.abs((output.arraySync() as number[][])[1][0] - (e * 1 + 3) / (1 + e)) < 1e-5);
    });
  });
});

describe('model: training and sampling', () => {
  it('getBatch pairs each window with its next tokens', () => {
    const { x, y } = getBatch([5, 6, 7, 8, 9], 3, 4, seededRandom(1));
    const xs = x.arraySync();
    const ys = y.arraySync();
    xs.forEach((row, b) => row.forEach((v, t) => assert.equal(ys[b][t], v + 1)));
    tf.dispose([x, y]);
  });

  it('a tiny GPT learns a repeating pattern: the loss falls well below ln V within 20 steps', function () {
    this.timeout(60_000);
    const tokens = Array.from({ length: 400 }, (_, i) => [1, 4, 2, 8, 5, 7][i % 6]);
    withGPT(TINY, 8, (gpt) => {
      const start = Date.now();
      const losses = train(gpt, tokens, { steps: 20, batchSize: 4, learningRate: 2e-2, seed: 3, gradClip: 1 });
      const perSecond = (20 / (Date.now() - start)) * 1000;
      assert.ok(Math.abs(losses[0] - Math.log(TINY.vocabSize)) < 0.5, `initial loss ${losses[0]} should be near ln 13 = ${Math.log(13)}`);
      const last = losses.slice(-5).reduce((a, b) => a + b, 0) / 5;
      assert.ok(last < 0.5, `loss fell only from ${losses[0].toFixed(3)} to ${last.toFixed(3)} (${perSecond.toFixed(1)} steps/s)`);
      // With the pattern learned, greedy sampling continues it.
      assert.deepEqual(sample(gpt, [1, 4, 2], 6, 0, 0), [8, 5, 7, 1, 4, 2]);
    });
  });

  it('sample is reproducible for a seed and stays inside the vocabulary', () => {
    withGPT(TINY, 9, (gpt) => {
      const before = tf.memory().numTensors;
      const a = sample(gpt, [1, 2], 12, 1, 42);
      const b = sample(gpt, [1, 2], 12, 1, 42, { topK: 5 });
      assert.deepEqual(sample(gpt, [1, 2], 12, 1, 42), a);
      assert.equal(a.length, 12, 'crops the context to blockSize once it grows past it');
      for (const t of [...a, ...b]) assert.ok(Number.isInteger(t) && t >= 0 && t < TINY.vocabSize);
      assert.equal(tf.memory().numTensors, before);
    });
  });
});
