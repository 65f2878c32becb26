// The visualizer's numerics on TF.js (WebGL when the webview has it, else the cpu backend): PCA, exact cosine
// k-nearest neighbours in row blocks (GPU memory stays bounded, as in the Embedding Projector), and analogies.
// Only the O(N·D²) and O(N²·D) work runs in TF.js; the small D×D eigenproblem of PCA runs in plain JavaScript.

import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../vectors';

export interface Scored {
  readonly index: number;
  readonly score: number;
}

/** The most floats one block of the all-pairs similarity matrix may hold ([block, N]); 16 MiB of float32. */
const BLOCK_FLOATS = 4 * 1024 * 1024;

/** One vector set on the backend, as unit rows for cosine similarity. Owns its tensors until `dispose()`. */
export class EmbeddingIndex {
  /** [N, D], every row scaled to unit length (a zero row stays zero). */
  readonly unit: tf.Tensor2D;

  constructor(
    readonly vectors: Float32Array,
    readonly rows: number,
    readonly dim: number,
  ) {
    this.unit = tf.tidy(() => {
      const x = tf.tensor2d(vectors, [rows, dim]); // [N, D]
      const norm = x.norm('euclidean', 1, true).maximum(1e-12); // [N, 1]
      return x.div(norm) as tf.Tensor2D;
    });
  }

  /** The `k` rows most cosine-similar to `query` ([D], not necessarily unit), leaving out `exclude`. */
  async nearest(query: Float32Array, k: number, exclude: readonly number[] = []): Promise<Scored[]> {
    const take = Math.min(this.rows, k + exclude.length);
    const top = tf.tidy(() => {
      const q = tf.tensor2d(query, [1, this.dim]); // [1, D]
      const unitQ = q.div(q.norm().maximum(1e-12));
      const sims = tf.matMul(this.unit, unitQ, false, true).reshape([this.rows]); // [N]
      return tf.topk(sims, take);
    });
    const [scores, indices] = await Promise.all([top.values.data(), top.indices.data()]);
    tf.dispose([top.values, top.indices]);
    const out: Scored[] = [];
    for (let i = 0; i < take && out.length < k; i++) {
      if (!exclude.includes(indices[i]!)) out.push({ index: indices[i]!, score: scores[i]! });
    }
    return out;
  }

  /** Row `i` of the input, as given. */
  row(i: number): Float32Array {
    return this.vectors.subarray(i * this.dim, (i + 1) * this.dim);
  }

  /** Neighbours of row `i` by cosine similarity, the row itself left out. */
  neighbours(i: number, k: number): Promise<Scored[]> {
    return this.nearest(this.row(i), k, [i]);
  }

  /**
   * a − b + c (3CosAdd on unit vectors: "king − man + woman"), the `k` nearest rows other than a, b and c.
   */
  analogy(a: number, b: number, c: number, k: number): Promise<Scored[]> {
    const unit = (v: Float32Array) => {
      const n = Math.hypot(...v) || 1;
      return v.map((x) => x / n);
    };
    const [ua, ub, uc] = [unit(this.row(a)), unit(this.row(b)), unit(this.row(c))];
    const target = ua.map((x, j) => x - ub[j]! + uc[j]!);
    return this.nearest(target, k, [a, b, c]);
  }

  /**
   * The `k` nearest neighbours of every row (itself left out), exact, computed in blocks of rows so the
   * similarity matrix on the GPU never exceeds [block, N]. Returns row-major [N, k] indices and scores.
   */
  async knnAll(k: number, options: KnnOptions = {}): Promise<{ indices: Int32Array; scores: Float32Array }> {
    const { onProgress, isCancelled } = options;
    const n = this.rows;
    k = Math.min(k, n - 1);
    const block = Math.max(1, Math.min(n, options.blockRows ?? Math.floor(BLOCK_FLOATS / n)));
    const indices = new Int32Array(n * k);
    const scores = new Float32Array(n * k);
    for (let start = 0; start < n; start += block) {
      if (isCancelled?.()) throw new CancelledError();
      const size = Math.min(block, n - start);
      const top = tf.tidy(() => {
        const q = this.unit.slice([start, 0], [size, this.dim]); // [B, D]
        const sims = tf.matMul(q, this.unit, false, true); // [B, N]
        return tf.topk(sims, k + 1); // [B, k+1]; the row itself is (almost always) first
      });
      const [vals, idx] = await Promise.all([top.values.data(), top.indices.data()]);
      tf.dispose([top.values, top.indices]);
      for (let r = 0; r < size; r++) {
        const self = start + r;
        let w = 0;
        for (let j = 0; j <= k && w < k; j++) {
          const col = idx[r * (k + 1) + j]!;
          if (col === self) continue;
          indices[self * k + w] = col;
          scores[self * k + w] = vals[r * (k + 1) + j]!;
          w++;
        }
      }
      onProgress?.(start + size);
      await tf.nextFrame(); // let the UI paint (and Cancel be clicked) between blocks
    }
    return { indices, scores };
  }

  dispose(): void {
    this.unit.dispose();
  }
}

export interface KnnOptions {
  /** Rows per block (default: as many as keep [block, N] within 16 MiB). */
  readonly blockRows?: number;
  /** Called after each block with the number of rows done. */
  readonly onProgress?: (done: number) => void;
  /** Checked before each block; true stops with a {@link CancelledError}. */
  readonly isCancelled?: () => boolean;
}

export class CancelledError extends Error {
  constructor() {
    super('Cancelled');
    this.name = 'CancelledError';
  }
}

export interface PcaResult {
  /** Row-major [N, k] coordinates on the principal components. */
  readonly coords: Float32Array;
  /** Row-major [k, D] unit components, by decreasing variance; each with its largest entry positive. */
  readonly components: Float32Array;
  /** Variance along each component. */
  readonly variances: number[];
  /** Share of the total variance each component explains. */
  readonly explained: number[];
}

/**
 * PCA of `vectors` ([N, D]) onto `k` components. TF.js centres the data, forms the covariance [D, D] and projects;
 * the top eigenvectors of the covariance come from seeded subspace iteration and a Rayleigh–Ritz step in JS.
 */
export async function pca(vectors: Float32Array, rows: number, dim: number, k: number): Promise<PcaResult> {
  k = Math.min(k, dim);
  const covT = tf.tidy(() => {
    const x = tf.tensor2d(vectors, [rows, dim]); // [N, D]
    const xc = x.sub(x.mean(0)); // [N, D]
    return tf.matMul(xc, xc, true, false).div(Math.max(1, rows - 1)) as tf.Tensor2D; // [D, D]
  });
  const cov = (await covT.data()) as Float32Array;
  covT.dispose();
  let total = 0;
  for (let i = 0; i < dim; i++) total += cov[i * dim + i]!;

  const { vectors: comps, values } = topEigen(Float64Array.from(cov), dim, k);
  const components = new Float32Array(k * dim);
  for (let c = 0; c < k; c++) {
    const v = comps[c]!;
    let big = 0;
    for (let j = 0; j < dim; j++) if (Math.abs(v[j]!) > Math.abs(v[big]!)) big = j;
    const sign = v[big]! < 0 ? -1 : 1;
    for (let j = 0; j < dim; j++) components[c * dim + j] = sign * v[j]!;
  }
  const coordsT = tf.tidy(() => {
    const x = tf.tensor2d(vectors, [rows, dim]);
    const xc = x.sub(x.mean(0)); // [N, D]
    return tf.matMul(xc, tf.tensor2d(components, [k, dim]), false, true); // [N, k]
  });
  const coords = (await coordsT.data()) as Float32Array;
  coordsT.dispose();
  return { coords, components, variances: values, explained: values.map((v) => (total > 0 ? v / total : 0)) };
}

/**
 * The top `k` eigenpairs of the symmetric [n, n] matrix `a`: subspace iteration on k + 6 columns (seeded), then
 * Rayleigh–Ritz with a Jacobi eigensolver on the small projected matrix.
 */
export function topEigen(a: Float64Array, n: number, k: number, iterations = 300): { vectors: Float64Array[]; values: number[] } {
  const m = Math.min(n, k + 6);
  const random = mulberry32(7);
  let q = Array.from({ length: m }, () => Float64Array.from({ length: n }, () => random() - 0.5));
  orthonormalize(q);
  const times = (v: Float64Array) => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      const row = i * n;
      for (let j = 0; j < n; j++) s += a[row + j]! * v[j]!;
      out[i] = s;
    }
    return out;
  };
  for (let it = 0; it < iterations; it++) {
    q = q.map(times);
    orthonormalize(q);
  }
  const aq = q.map(times);
  const t = new Float64Array(m * m); // Qᵀ A Q, [m, m]
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) t[i * m + j] = dot(q[i]!, aq[j]!);
  const { values, vectors } = jacobiEigen(t, m);
  const order = values.map((_, i) => i).sort((x, y) => values[y]! - values[x]!).slice(0, k);
  return {
    values: order.map((i) => values[i]!),
    vectors: order.map((i) => {
      const v = new Float64Array(n);
      for (let j = 0; j < m; j++) {
        const w = vectors[j * m + i]!; // column i of the eigenvector matrix
        for (let d = 0; d < n; d++) v[d]! += w * q[j]![d]!;
      }
      return v;
    }),
  };
}

/** Eigen-decomposition of a small symmetric [n, n] matrix by cyclic Jacobi rotations; eigenvectors in columns. */
export function jacobiEigen(input: Float64Array, n: number): { values: number[]; vectors: Float64Array } {
  const a = Float64Array.from(input);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let r = p + 1; r < n; r++) off += a[p * n + r]! ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++) {
      for (let r = p + 1; r < n; r++) {
        const apr = a[p * n + r]!;
        if (Math.abs(apr) < 1e-300) continue;
        const theta = (a[r * n + r]! - a[p * n + p]!) / (2 * apr);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let i = 0; i < n; i++) {
          const aip = a[i * n + p]!;
          const air = a[i * n + r]!;
          a[i * n + p] = c * aip - s * air;
          a[i * n + r] = s * aip + c * air;
        }
        for (let i = 0; i < n; i++) {
          const api = a[p * n + i]!;
          const ari = a[r * n + i]!;
          a[p * n + i] = c * api - s * ari;
          a[r * n + i] = s * api + c * ari;
        }
        for (let i = 0; i < n; i++) {
          const vip = v[i * n + p]!;
          const vir = v[i * n + r]!;
          v[i * n + p] = c * vip - s * vir;
          v[i * n + r] = s * vip + c * vir;
        }
      }
    }
  }
  return { values: Array.from({ length: n }, (_, i) => a[i * n + i]!), vectors: v };
}

function dot(x: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * y[i]!;
  return s;
}

/** Modified Gram–Schmidt, in place. */
function orthonormalize(q: Float64Array[]): void {
  for (let i = 0; i < q.length; i++) {
    const qi = q[i]!;
    for (let j = 0; j < i; j++) {
      const d = dot(qi, q[j]!);
      for (let t = 0; t < qi.length; t++) qi[t]! -= d * q[j]![t]!;
    }
    const norm = Math.sqrt(dot(qi, qi)) || 1;
    for (let t = 0; t < qi.length; t++) qi[t]! /= norm;
  }
}
