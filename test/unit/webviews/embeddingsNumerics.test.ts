// The visualizer's pure numerics that run on the CPU: the per-row top-k choice the blocked kNN makes from each
// downloaded similarity block (compute.ts TopK), and t-SNE's sparse affinities (tsne.ts), which yield to the event
// loop and honour Cancel while they run.
import * as assert from 'assert';
import { CancelledError, TopK } from '../../../src/webviews/embeddings/app/compute';
import { affinities } from '../../../src/webviews/embeddings/app/tsne';
import { mulberry32 } from '../../../src/webviews/embeddings/vectors';

/** The k best by sorting everything: highest score first, ties to the smaller index. */
function bySort(values: Float32Array, k: number, exclude: readonly number[]): { indices: number[]; scores: number[] } {
  const all = Array.from(values, (score, index) => ({ score, index })).filter((c) => !exclude.includes(c.index) && !Number.isNaN(c.score));
  all.sort((a, b) => b.score - a.score || a.index - b.index);
  const top = all.slice(0, k);
  return { indices: top.map((c) => c.index), scores: top.map((c) => c.score) };
}

function choose(values: Float32Array, k: number, exclude: readonly number[] = []): { indices: number[]; scores: number[] } {
  const top = new TopK(k);
  top.scan(values, 0, exclude);
  const indices = new Int32Array(k).fill(-1);
  const scores = new Float32Array(k);
  const count = top.drain(indices, scores, 0);
  return { indices: Array.from(indices.subarray(0, count)), scores: Array.from(scores.subarray(0, count)) };
}

describe('embedding visualizer: top-k of a similarity row (TopK)', () => {
  it('keeps the k highest scores, best first, ties to the smaller index', () => {
    assert.deepStrictEqual(choose(Float32Array.of(0.1, 0.9, 0.5, 0.9), 2), { indices: [1, 3], scores: [Math.fround(0.9), Math.fround(0.9)] });
    assert.deepStrictEqual(choose(Float32Array.of(0.5, 0.5, 0.5, 0.5, 0.5), 3).indices, [0, 1, 2]);
  });

  it('agrees with a full sort on seeded rows with many ties, with left-out rows, and is reusable', () => {
    const random = mulberry32(3);
    const top = new TopK(10);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + Math.floor(random() * 300);
      // Few distinct values: ties everywhere.
      const values = Float32Array.from({ length: n }, () => Math.round(random() * 20) / 20);
      const exclude = [Math.floor(random() * n), Math.floor(random() * n)];
      top.scan(values, 0, exclude);
      const indices = new Int32Array(10);
      const scores = new Float32Array(10);
      const count = top.drain(indices, scores, 0);
      const expected = bySort(values, 10, exclude);
      assert.deepStrictEqual({ indices: Array.from(indices.subarray(0, count)), scores: Array.from(scores.subarray(0, count)) }, expected, `trial ${trial}: n = ${n}`);
    }
  });

  it('returns fewer than k when fewer candidates are offered, skipping NaN scores', () => {
    assert.deepStrictEqual(choose(Float32Array.of(0.2, NaN, 0.7), 5, [0]), { indices: [2], scores: [Math.fround(0.7)] });
    assert.deepStrictEqual(choose(new Float32Array(0), 3), { indices: [], scores: [] });
    assert.deepStrictEqual(choose(Float32Array.of(1, 2), 0), { indices: [], scores: [] });
  });

  it('numbers the candidates from `first` and writes the result at `at`', () => {
    const top = new TopK(2);
    top.scan(Float32Array.of(0.3, 0.8, 0.6), 100, [101]);
    const indices = new Int32Array(5).fill(-1);
    const scores = new Float32Array(5);
    assert.strictEqual(top.drain(indices, scores, 3), 2);
    assert.deepStrictEqual(Array.from(indices), [-1, -1, -1, 102, 100]);
  });
});

/** A seeded kNN graph of `n` rows (cosine similarities, best first), as knnAll returns it. */
function knnGraph(n: number, k: number, seed: number): { indices: Int32Array; sims: Float32Array } {
  const random = mulberry32(seed);
  const indices = new Int32Array(n * k);
  const sims = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    const others = Array.from({ length: n }, (_, j) => j).filter((j) => j !== i);
    for (let t = 0; t < k; t++) {
      const [j] = others.splice(Math.floor(random() * others.length), 1);
      indices[i * k + t] = j!;
    }
    const s = Array.from({ length: k }, () => random()).sort((a, b) => b - a);
    sims.set(s, i * k);
  }
  return { indices, sims };
}

describe('embedding visualizer: t-SNE affinities', () => {
  it('are symmetric, sum to 1 and give each row its target perplexity', async () => {
    const n = 60;
    const k = 15;
    const perplexity = 5;
    const { indices, sims } = knnGraph(n, k, 9);
    const aff = await affinities(indices, sims, n, k, perplexity);
    const p = new Map<string, number>();
    let total = 0;
    for (let i = 0; i < n; i++) {
      for (let t = 0; t < aff.width; t++) {
        const w = aff.weights[i * aff.width + t]!;
        total += w;
        if (w > 0) p.set(`${i},${aff.neighbours[i * aff.width + t]}`, w);
      }
    }
    assert.ok(Math.abs(total - 1) < 1e-5, `Σ p_ij = ${total}`);
    for (const [key, w] of p) {
      const [i, j] = key.split(',');
      assert.ok(Math.abs((p.get(`${j},${i}`) ?? 0) - w) < 1e-9, `p_${i},${j} = ${w} but p_${j},${i} = ${p.get(`${j},${i}`)}`);
    }
    // Row 0's conditional distribution p_j|0 has entropy log(perplexity): recover it from the Gaussian it used.
    const d = Array.from(sims.subarray(0, k), (s) => 2 - 2 * s);
    const pj0 = Array.from(indices.subarray(0, k), (j) => {
      // p_ij·2N = p_j|i + p_i|j; p_i|j is 0 unless row j has 0 among its neighbours.
      const back = Array.from(indices.subarray(j * k, (j + 1) * k)).indexOf(0);
      return back < 0 ? p.get(`0,${j}`)! * 2 * n : undefined;
    });
    const known = pj0.flatMap((x, t) => (x === undefined ? [] : [{ x, d: d[t]! }]));
    assert.ok(known.length >= 2, 'row 0 has neighbours that do not list it back');
    // ln p = −β (d − d_min) − ln Σ: β from two of them, then the entropy of the whole row.
    const beta = Math.log(known[0]!.x / known[1]!.x) / (known[1]!.d - known[0]!.d);
    const dMin = Math.min(...d);
    const raw = d.map((x) => Math.exp(-beta * (x - dMin)));
    const sum = raw.reduce((a, b) => a + b, 0);
    const entropy = -raw.reduce((h, r) => h + (r / sum) * Math.log(r / sum), 0);
    assert.ok(Math.abs(Math.exp(entropy) - perplexity) < 1e-2, `row 0's perplexity is ${Math.exp(entropy)}, expected ${perplexity}`);
  });

  it('give the event loop a turn while they run, and stop with CancelledError when cancelled', async () => {
    const n = 3000;
    const k = 30;
    const { indices, sims } = knnGraph(n, k, 4);
    let ticked = false;
    setTimeout(() => (ticked = true), 0);
    await affinities(indices, sims, n, k, 10, { sliceMs: 0 });
    assert.strictEqual(ticked, true, 'a timer queued before the run did not fire during it');

    let checks = 0;
    await assert.rejects(
      affinities(indices, sims, n, k, 10, { sliceMs: 0, isCancelled: () => ++checks > 3 }),
      (e: unknown) => e instanceof CancelledError,
    );
    assert.ok(checks < n / 10, `cancelled after ${checks} checks`);
  });
});
