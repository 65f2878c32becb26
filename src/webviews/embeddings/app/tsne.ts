// t-SNE on TF.js (WebGL when available): exact repulsion over all pairs (on WebGL one shader pass that sums over
// every pair without writing anything of size N²; on the cpu backend row blocks, so memory stays bounded), and
// attraction over a sparse affinity graph built from the exact cosine kNN (3 × perplexity neighbours, as
// Barnes–Hut t-SNE does). Iterations run on the GPU; the caller gets the layout after the first
// iteration and then every few iterations (or every half second when iterations are slow) to animate it, and may
// stop the run in every phase: between kNN blocks, between chunks of the affinity search, between iterations (each
// iteration waits for the GPU, so a Cancel never waits behind a queue of them).

import * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs';
import { mulberry32 } from '../vectors';
import { CancelledError } from './compute';
import type { EmbeddingIndex } from './compute';

export interface TsneOptions {
  readonly dims: 2 | 3;
  readonly perplexity?: number;
  readonly iterations?: number;
  readonly seed?: number;
  /**
   * Called after the first iteration, then every `frameEvery` iterations or `frameMs` milliseconds, whichever comes
   * first, and at the end, with the layout so far, [N, dims] row-major.
   */
  readonly onFrame?: (coords: Float32Array, iteration: number, iterations: number) => void;
  readonly frameEvery?: number;
  readonly frameMs?: number;
  readonly isCancelled?: () => boolean;
  /** Called while the kNN graph is computed, with the rows done. */
  readonly onKnnProgress?: (done: number) => void;
}

/** Rows of the [block, N] distance matrix per repulsion block: at most 4M floats on the GPU at once. */
const REPULSION_FLOATS = 4 * 1024 * 1024;
const EXAGGERATION = 12;
const EXAGGERATION_ITERATIONS = 250;
/** From this many rows on, each iteration waits for the GPU before the next is queued. */
const SYNC_EVERY_ITERATION_ROWS = 2000;

/** Runs t-SNE on the rows of `index`; resolves with the final layout ([N, dims] row-major). */
export async function tsne(index: EmbeddingIndex, options: TsneOptions): Promise<Float32Array> {
  const n = index.rows;
  const { dims } = options;
  const perplexity = Math.min(options.perplexity ?? 30, Math.max(1, (n - 1) / 3));
  const iterations = options.iterations ?? 1000;
  const frameEvery = options.frameEvery ?? 10;
  const frameMs = options.frameMs ?? 500;
  const k = Math.min(n - 1, Math.ceil(3 * perplexity));
  const knn = await index.knnAll(k, { onProgress: options.onKnnProgress, isCancelled: options.isCancelled });
  const aff = await affinities(knn.indices, knn.scores, n, k, perplexity, { isCancelled: options.isCancelled });

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
  let lastFrame = -Infinity;
  let sinceFrame = 0;
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
      sinceFrame++;
      // Waiting for an iteration's layout keeps the GPU queue that deep (Cancel acts at the next check) and, on
      // WebGL, yields to the UI while the GPU works; the layout is only [N, dims]. Large sets wait every iteration
      // (one is slow); on small ones a wait costs more than an iteration, so they wait every `frameEvery`.
      const frameDue = it === 0 || sinceFrame >= frameEvery || it === iterations - 1;
      if (n >= SYNC_EVERY_ITERATION_ROWS || frameDue) {
        const coords = (await y.data()) as Float32Array;
        const now = performance.now();
        if (frameDue || now - lastFrame >= frameMs) {
          options.onFrame?.(coords, it + 1, iterations);
          lastFrame = now;
          sinceFrame = 0;
        }
      }
      if (it % 5 === 4) await tf.nextFrame(); // let the UI paint (and Cancel be clicked), on the cpu backend too
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
  const { force, z } = repulsion(y, block);
  return attraction.mul(exaggeration).sub(force.div(z)) as tf.Tensor2D;
}

/**
 * The exact repulsion over all pairs: the unnormalised force Σ_j q̃_ij² (y_i − y_j), [N, dims], and
 * Z = Σ_{i≠j} q̃_ij. On WebGL one shader pass computes every row's sums over all j (`repulsionSums`), so nothing of
 * size N² is ever written; elsewhere (the cpu backend) it is blocks of [block, N] tensor ops. Same formula, same
 * results up to float rounding.
 */
export function repulsion(y: tf.Tensor2D, block: number, shader = tf.getBackend() === 'webgl'): { force: tf.Tensor2D; z: tf.Scalar } {
  const [n, dims] = y.shape;
  if (shader) {
    const backend = tf.backend() as unknown as ShaderBackend;
    const sums = tf.engine().makeTensorFromTensorInfo(backend.compileAndRun(repulsionSums(n, dims), [y])) as tf.Tensor2D; // [N, dims + 2]
    const z = sums.slice([0, 0], [n, 1]).sum().sub(n) as tf.Scalar; // the diagonal ones left out
    const force = y.mul(sums.slice([0, 1], [n, 1])).sub(sums.slice([0, 2], [n, dims])) as tf.Tensor2D; // y_i Σ q̃² − Σ q̃² y_j
    return { force, z };
  }
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
  const force = parts.length === 1 ? parts[0]! : tf.concat(parts, 0); // [N, dims]
  return { force, z };
}

/** The part of TF.js's WebGL backend (MathBackendWebGL) that runs a custom shader program on tensors. */
interface ShaderBackend {
  compileAndRun(program: ShaderProgram, inputs: TensorInfo[]): TensorInfo;
}

/** A TF.js WebGL program (its GPGPUProgram): `getY`, `getOutputCoords` and `setOutput` come from its shader compiler. */
interface ShaderProgram {
  variableNames: string[];
  outputShape: number[];
  userCode: string;
  packedInputs?: boolean;
  packedOutput?: boolean;
}

/**
 * A TF.js WebGL program over Y ([N, dims]): output row i holds Σ_j q̃_ij, Σ_j q̃_ij² and Σ_j q̃_ij² y_j (dims
 * columns), j over every row (i included: q̃_ii = 1), with q̃_ij = 1 / (1 + |y_i − y_j|²). Input and output are
 * packed (2 × 2 blocks per texel): each fragment writes a block (rows i, i + 1; two columns) from one loop over the
 * rows j two at a time, so one fetch serves four pairs and q̃ is computed once for both of a block's columns.
 */
function repulsionSums(n: number, dims: number): ShaderProgram {
  const columns = dims + 2;
  const pairs = n - (n % 2); // rows fetched two at a time; an odd last row on its own
  // A packed fetch getY(j, 0) holds (y_j0, y_j1, y_j+1,0, y_j+1,1); getY(j, 2) holds y_j2 in .x and y_j+1,2 in .z.
  const point = (fetch01: string, fetch2: string, second: boolean) =>
    dims === 2 ? `vec3(${fetch01}.${second ? 'zw' : 'xy'}, 0.0)` : `vec3(${fetch01}.${second ? 'zw' : 'xy'}, ${fetch2}.${second ? 'z' : 'x'})`;
  /** Output column `c`'s term for row q (its q̃ with point `y`), a GLSL expression. */
  const term = (c: number, q: string, y: string) => (c === 0 ? q : c === 1 ? `${q} * ${q}` : c < columns ? `${q} * ${q} * ${y}.${'xyz'[c - 2]}` : '0.0');
  const add = (c: number, y: string) => {
    const qa = `qa_${y}`;
    const qb = `qb_${y}`;
    return `{
            float ${qa} = 1.0 / (1.0 + dot(a - ${y}, a - ${y}));
            float ${qb} = 1.0 / (1.0 + dot(b - ${y}, b - ${y}));
            acc += vec4(${term(c, qa, y)}, ${term(c + 1, qa, y)}, ${term(c, qb, y)}, ${term(c + 1, qb, y)});
          }`;
  };
  const fetch = (j: string) => `vec4 p01 = getY(${j}, 0); ${dims === 3 ? `vec4 p2 = getY(${j}, 2);` : 'vec4 p2 = vec4(0.0);'}`;
  const loops = [];
  for (let c = 0; c < columns; c += 2) {
    loops.push(`if (c == ${c}) {
          for (int j = 0; j < ${pairs}; j += 2) {
            ${fetch('j')}
            vec3 y0 = ${point('p01', 'p2', false)};
            vec3 y1 = ${point('p01', 'p2', true)};
            ${add(c, 'y0')}
            ${add(c, 'y1')}
          }
          ${n % 2 ? `{ ${fetch(String(n - 1))} vec3 y0 = ${point('p01', 'p2', false)}; ${add(c, 'y0')} }` : ''}
        }`);
  }
  return {
    variableNames: ['Y'],
    outputShape: [n, columns],
    packedInputs: true,
    packedOutput: true,
    userCode: `
      void main() {
        ivec2 rc = getOutputCoords(); // the block's first row (even) and column (even)
        int c = rc.y;
        vec4 r01 = getY(rc.x, 0);
        ${dims === 3 ? 'vec4 r2 = getY(rc.x, 2);' : 'vec4 r2 = vec4(0.0);'}
        vec3 a = ${point('r01', 'r2', false)};
        vec3 b = ${point('r01', 'r2', true)}; // past the last row: padding, computed but not written
        vec4 acc = vec4(0.0);
        ${loops.join(' else ')}
        setOutput(acc);
      }`,
  };
}

/**
 * Sparse symmetric affinities from each row's kNN (cosine similarities → squared distances on unit vectors,
 * 2 − 2·cos): per row, a Gaussian whose width gives the target perplexity (binary search), then
 * p_ij = (p_j|i + p_i|j) / 2N. Returned as padded rows, [N, width]: each row lists every j with p_ij > 0 (its own
 * neighbours and the rows that have it as a neighbour), padded with itself at weight 0, so the attraction is a
 * gather and a row sum on the GPU (no scatter).
 */
export async function affinities(
  indices: Int32Array,
  sims: Float32Array,
  n: number,
  k: number,
  perplexity: number,
  options: { isCancelled?: () => boolean; sliceMs?: number } = {},
): Promise<{ neighbours: Int32Array; weights: Float32Array; width: number }> {
  const target = Math.log(perplexity);
  const d = new Float64Array(k);
  const p = new Float64Array(k);
  const rows: Map<number, number>[] = Array.from({ length: n }, () => new Map());
  // Tens of thousands of binary searches take seconds on a slow machine: give the event loop (Cancel) a turn
  // every `sliceMs`.
  const sliceMs = options.sliceMs ?? 50;
  let sliceStart = performance.now();
  for (let i = 0; i < n; i++) {
    if (i % 64 === 0 && performance.now() - sliceStart >= sliceMs) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      sliceStart = performance.now();
    }
    if (i % 64 === 0 && options.isCancelled?.()) throw new CancelledError();
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
