// The visualizer's numerics on TF.js (WebGL when the webview has it, else the cpu backend): PCA, exact cosine
// k-nearest neighbours in row blocks (GPU memory stays bounded, as in the Embedding Projector), and analogies.
// Only the O(N·D²) and O(N²·D) work runs in TF.js; the small D×D eigenproblem of PCA and the choice of each row's
// k best similarities (a small heap over the downloaded block, as the Projector's knn.ts does) run in plain
// JavaScript: TF.js's WebGL topk is a bitonic sort over the whole block, far slower than one pass on the CPU.

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
    const simsT = tf.tidy(() => {
      const q = tf.tensor2d(query, [1, this.dim]); // [1, D]
      const unitQ = q.div(q.norm().maximum(1e-12));
      return tf.matMul(this.unit, unitQ, false, true).reshape([this.rows]); // [N]
    });
    const sims = (await simsT.data()) as Float32Array;
    simsT.dispose();
    const top = new TopK(Math.min(k, this.rows));
    top.scan(sims, 0, exclude);
    const indices = new Int32Array(top.k);
    const scores = new Float32Array(top.k);
    const count = top.drain(indices, scores, 0);
    return Array.from({ length: count }, (_, i) => ({ index: indices[i]!, score: scores[i]! }));
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
   * The `k` nearest neighbours of every row (itself left out), exact, computed in blocks of rows so the GPU never
   * holds more of the similarity matrix than two [block, N] blocks (one downloading, the next computing); each
   * downloaded row's k best are chosen on the CPU (`TopK`). Returns row-major [N, k] indices and scores, best first,
   * ties to the smaller index.
   */
  async knnAll(k: number, options: KnnOptions = {}): Promise<{ indices: Int32Array; scores: Float32Array }> {
    const { onProgress, isCancelled } = options;
    const n = this.rows;
    k = Math.min(k, n - 1);
    const block = Math.max(1, Math.min(n, options.blockRows ?? Math.floor(BLOCK_FLOATS / n)));
    const indices = new Int32Array(n * k);
    const scores = new Float32Array(n * k);
    const top = new TopK(k);
    const blockSims = (start: number) =>
      tf.tidy(() => {
        const size = Math.min(block, n - start);
        const q = this.unit.slice([start, 0], [size, this.dim]); // [B, D]
        return tf.matMul(q, this.unit, false, true); // [B, N]
      });
    // The next block is queued on the GPU before this one's rows are chosen on the CPU, so the two overlap.
    let next: tf.Tensor | undefined = blockSims(0);
    try {
      for (let start = 0; start < n; start += block) {
        if (isCancelled?.()) throw new CancelledError();
        const size = Math.min(block, n - start);
        const current = next!;
        next = undefined;
        let sims: Float32Array; // [B, N], row-major
        try {
          const download = current.data();
          if (start + block < n) next = blockSims(start + block);
          sims = (await download) as Float32Array;
        } finally {
          current.dispose();
        }
        for (let r = 0; r < size; r++) {
          const self = start + r;
          top.scan(sims.subarray(r * n, (r + 1) * n), 0, [self]);
          top.drain(indices, scores, self * k);
        }
        onProgress?.(start + size);
        await tf.nextFrame(); // let the UI paint (and Cancel be clicked) between blocks
      }
    } finally {
      next?.dispose();
    }
    return { indices, scores };
  }

  dispose(): void {
    this.unit.dispose();
  }
}

/**
 * The `k` best of a stream of (index, score) candidates: highest score first, ties to the smaller index, so the
 * choice is exact and deterministic. A binary heap with the worst kept candidate at its root: one comparison per
 * candidate that does not get in, O(log k) for one that does.
 *
 *   const top = new TopK(2); top.scan(Float32Array.of(0.1, 0.9, 0.5, 0.9), 0, []); top.drain(idx, sc, 0)
 *   -> idx [1, 3], sc [0.9, 0.9]
 */
export class TopK {
  private readonly heapIndex: Int32Array;
  private readonly heapScore: Float32Array;
  private size = 0;

  constructor(readonly k: number) {
    this.heapIndex = new Int32Array(k);
    this.heapScore = new Float32Array(k);
  }

  /** Offers every `values[j]` as candidate `first + j`, except the indices in `exclude` (and NaN scores). */
  scan(values: Float32Array, first: number, exclude: readonly number[]): void {
    const k = this.k;
    if (k === 0) return;
    const hs = this.heapScore;
    const hi = this.heapIndex;
    for (let j = 0; j < values.length; j++) {
      const score = values[j]!;
      // The common case: not better than the worst kept candidate (a tie loses too, as candidates come in increasing
      // index order: one scan per heap between drains).
      if (this.size === k && !(score > hs[0]!)) continue;
      const index = first + j;
      if (score !== score || exclude.includes(index)) continue; // NaN, or left out
      if (this.size < k) {
        // Sift up from the end.
        let c = this.size++;
        while (c > 0) {
          const p = (c - 1) >> 1;
          if (!worse(score, index, hs[p]!, hi[p]!)) break;
          hs[c] = hs[p]!;
          hi[c] = hi[p]!;
          c = p;
        }
        hs[c] = score;
        hi[c] = index;
      } else {
        this.replaceRoot(score, index);
      }
    }
  }

  /**
   * Writes the kept candidates best first into `indices`/`scores` from `at`, empties the heap and returns how many
   * there were (fewer than `k` only when fewer candidates were offered).
   */
  drain(indices: Int32Array, scores: Float32Array, at: number): number {
    const count = this.size;
    const hs = this.heapScore;
    const hi = this.heapIndex;
    for (let w = count - 1; w >= 0; w--) {
      // The root is the worst left: it goes last.
      indices[at + w] = hi[0]!;
      scores[at + w] = hs[0]!;
      this.size--;
      if (this.size > 0) {
        const lastScore = hs[this.size]!;
        const lastIndex = hi[this.size]!;
        this.replaceRoot(lastScore, lastIndex);
      }
    }
    this.size = 0;
    return count;
  }

  /** Puts (score, index) at the root and sifts it down to its place. */
  private replaceRoot(score: number, index: number): void {
    const hs = this.heapScore;
    const hi = this.heapIndex;
    const size = this.size;
    let p = 0;
    for (;;) {
      const l = 2 * p + 1;
      if (l >= size) break;
      const r = l + 1;
      const c = r < size && worse(hs[r]!, hi[r]!, hs[l]!, hi[l]!) ? r : l; // the worse child
      if (!worse(hs[c]!, hi[c]!, score, index)) break;
      hs[p] = hs[c]!;
      hi[p] = hi[c]!;
      p = c;
    }
    hs[p] = score;
    hi[p] = index;
  }
}

/** Whether candidate a ranks below candidate b: a lower score, or the same score and a larger index. */
function worse(scoreA: number, indexA: number, scoreB: number, indexB: number): boolean {
  return scoreA < scoreB || (scoreA === scoreB && indexA > indexB);
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
