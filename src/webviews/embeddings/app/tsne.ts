// t-SNE on TF.js (WebGL when available): exact repulsion over all pairs, computed in row blocks so GPU memory
// stays bounded, and attraction over a sparse affinity graph built from the exact cosine kNN (3 × perplexity
// neighbours, as Barnes–Hut t-SNE does). Iterations run on the GPU; the caller gets the layout every few iterations
// to animate it, and may stop the run between iterations.

import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../vectors';
import { CancelledError } from './compute';
import type { EmbeddingIndex } from './compute';

export interface TsneOptions {
  readonly dims: 2 | 3;
  readonly perplexity?: number;
  readonly iterations?: number;
  readonly seed?: number;
  /** Called every `frameEvery` iterations (and at the end) with the layout so far, [N, dims] row-major. */
  readonly onFrame?: (coords: Float32Array, iteration: number, iterations: number) => void;
  readonly frameEvery?: number;
  readonly isCancelled?: () => boolean;
  /** Called while the kNN graph is computed, with the rows done. */
  readonly onKnnProgress?: (done: number) => void;
}

/** Rows of the [block, N] distance matrix per repulsion block: at most 4M floats on the GPU at once. */
const REPULSION_FLOATS = 4 * 1024 * 1024;
const EXAGGERATION = 12;
const EXAGGERATION_ITERATIONS = 250;

/** Runs t-SNE on the rows of `index`; resolves with the final layout ([N, dims] row-major). */
export async function tsne(index: EmbeddingIndex, options: TsneOptions): Promise<Float32Array> {
  const n = index.rows;
  const { dims } = options;
  const perplexity = Math.min(options.perplexity ?? 30, Math.max(1, (n - 1) / 3));
  const iterations = options.iterations ?? 1000;
  const frameEvery = options.frameEvery ?? 10;
  const k = Math.min(n - 1, Math.ceil(3 * perplexity));
  const knn = await index.knnAll(k, { onProgress: options.onKnnProgress, isCancelled: options.isCancelled });
  const aff = affinities(knn.indices, knn.scores, n, k, perplexity);

  const random = mulberry32(options.seed ?? 1);
  const init = Float32Array.from({ length: n * dims }, () => (random() - 0.5) * 1e-3);
  // tf.variable copies its initial value, which would otherwise stay behind as a tensor of its own.
  const variable = (initial: tf.Tensor): tf.Variable => {
    const v = tf.variable(initial);
    initial.dispose();
    return v;
  };
  const y = variable(tf.tensor2d(init, [n, dims])); // [N, dims]
  const update = variable(tf.zeros([n, dims])); // momentum term
  const gains = variable(tf.ones([n, dims]));
  const graph = { neighbours: tf.tensor1d(aff.neighbours, 'int32'), weights: tf.tensor2d(aff.weights, [n, aff.width]) }; // [N·W], [N, W]
  // The usual n / 12 (Belkina et al. 2019) times the factor 4 this gradient leaves out.
  const learningRate = 4 * Math.max(n / EXAGGERATION, 50);
  const block = Math.max(1, Math.min(n, Math.floor(REPULSION_FLOATS / n)));
  try {
    for (let it = 0; it < iterations; it++) {
      if (options.isCancelled?.()) throw new CancelledError();
      const exaggeration = it < EXAGGERATION_ITERATIONS ? EXAGGERATION : 1;
      const momentum = it < EXAGGERATION_ITERATIONS ? 0.5 : 0.8;
      tf.tidy(() => {
        const grad = gradient(y as tf.Tensor2D, graph, exaggeration, block); // [N, dims]
        const sameSign = tf.equal(tf.sign(grad), tf.sign(update));
        const g = tf.maximum(tf.where(sameSign, gains.mul(0.8), gains.add(0.2)), 0.01);
        gains.assign(g);
        const u = update.mul(momentum).sub(g.mul(grad).mul(learningRate));
        update.assign(u);
        const moved = y.add(u);
        y.assign(moved.sub(moved.mean(0))); // keep it centred
      });
      if (options.onFrame && ((it + 1) % frameEvery === 0 || it === iterations - 1)) {
        options.onFrame((await y.data()) as Float32Array, it + 1, iterations);
      } else if (it % 5 === 4) {
        await tf.nextFrame(); // let the UI breathe (and Cancel be clicked) between GPU batches
      }
    }
    return (await y.data()) as Float32Array;
  } finally {
    tf.dispose([y, update, gains, graph.neighbours, graph.weights]);
  }
}

/**
 * The t-SNE gradient (without the factor 4, folded into the learning rate): attraction over the sparse
 * affinities, minus the exact repulsion normalised by Z = Σ_{i≠j} 1 / (1 + |y_i − y_j|²).
 */
function gradient(y: tf.Tensor2D, graph: { neighbours: tf.Tensor1D; weights: tf.Tensor2D }, exaggeration: number, block: number): tf.Tensor2D {
  const [n, dims] = y.shape;
  const width = graph.weights.shape[1];
  // Attraction: Σ_j p_ij q̃_ij (y_i − y_j), with q̃_ij = 1 / (1 + |y_i − y_j|²).
  const diff = y.expandDims(1).sub(tf.gather(y, graph.neighbours).reshape([n, width, dims])); // [N, W, dims]
  const w = graph.weights.div(diff.square().sum(2).add(1)); // [N, W]
  const attraction = diff.mul(w.expandDims(2)).sum(1); // [N, dims]
  // Repulsion: Σ_j q̃_ij² (y_i − y_j) / Z, in row blocks.
  const sqNorm = y.square().sum(1); // [N]
  const parts: tf.Tensor2D[] = [];
  let z: tf.Scalar = tf.scalar(0);
  for (let start = 0; start < n; start += block) {
    const size = Math.min(block, n - start);
    const yb = y.slice([start, 0], [size, y.shape[1]]); // [B, dims]
    const d2 = sqNorm.slice(start, size).expandDims(1).add(sqNorm.expandDims(0)).sub(tf.matMul(yb, y, false, true).mul(2)); // [B, N]
    const q = d2.maximum(0).add(1).reciprocal(); // [B, N], q̃ with q̃_ii = 1
    z = z.add(q.sum().sub(size)); // the diagonal ones left out
    const q2 = q.square(); // [B, N]; the diagonal term contributes y_i − y_i = 0
    parts.push(yb.mul(q2.sum(1, true)).sub(tf.matMul(q2, y)) as tf.Tensor2D); // [B, dims]
  }
  const repulsion = parts.length === 1 ? parts[0]! : tf.concat(parts, 0); // [N, dims]
  return attraction.mul(exaggeration).sub(repulsion.div(z)) as tf.Tensor2D;
}

/**
 * Sparse symmetric affinities from each row's kNN (cosine similarities → squared distances on unit vectors,
 * 2 − 2·cos): per row, a Gaussian whose width gives the target perplexity (binary search), then
 * p_ij = (p_j|i + p_i|j) / 2N. Returned as padded rows, [N, width]: each row lists every j with p_ij > 0 (its own
 * neighbours and the rows that have it as a neighbour), padded with itself at weight 0, so the attraction is a
 * gather and a row sum on the GPU (no scatter).
 */
export function affinities(indices: Int32Array, sims: Float32Array, n: number, k: number, perplexity: number): { neighbours: Int32Array; weights: Float32Array; width: number } {
  const target = Math.log(perplexity);
  const d = new Float64Array(k);
  const p = new Float64Array(k);
  const rows: Map<number, number>[] = Array.from({ length: n }, () => new Map());
  for (let i = 0; i < n; i++) {
    let dMin = Infinity;
    for (let j = 0; j < k; j++) {
      d[j] = Math.max(0, 2 - 2 * sims[i * k + j]!);
      dMin = Math.min(dMin, d[j]!);
    }
    let beta = 1;
    let lo = 0;
    let hi = Infinity;
    for (let step = 0; step < 64; step++) {
      let sum = 0;
      let dot = 0;
      for (let j = 0; j < k; j++) {
        p[j] = Math.exp(-beta * (d[j]! - dMin));
        sum += p[j]!;
        dot += p[j]! * (d[j]! - dMin);
      }
      const entropy = Math.log(sum) + (beta * dot) / sum;
      for (let j = 0; j < k; j++) p[j]! /= sum;
      if (Math.abs(entropy - target) < 1e-5) break;
      if (entropy > target) {
        lo = beta;
        beta = hi === Infinity ? beta * 2 : (beta + hi) / 2;
      } else {
        hi = beta;
        beta = (beta + lo) / 2;
      }
    }
    for (let j = 0; j < k; j++) {
      const nb = indices[i * k + j]!;
      const w = p[j]! / (2 * n);
      rows[i]!.set(nb, (rows[i]!.get(nb) ?? 0) + w);
      rows[nb]!.set(i, (rows[nb]!.get(i) ?? 0) + w);
    }
  }
  const width = Math.max(1, ...rows.map((r) => r.size));
  const neighbours = new Int32Array(n * width);
  const weights = new Float32Array(n * width);
  rows.forEach((r, i) => {
    neighbours.fill(i, i * width, (i + 1) * width);
    let t = 0;
    for (const [j, w] of r) {
      neighbours[i * width + t] = j;
      weights[i * width + t] = w;
      t++;
    }
  });
  return { neighbours, weights, width };
}
