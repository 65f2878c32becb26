// Messages between the visualizer app and its UMAP Web Worker (both inside the webview). The app computes the
// exact cosine kNN graph on WebGL and hands it over; the worker runs umap-js's optimisation off the UI thread,
// reporting progress and intermediate layouts; Cancel terminates the worker.

/** Start a run on the kNN graph of `rows` points (row-major [rows, k] neighbour indices and cosine distances). */
export interface UmapRun {
  readonly type: 'run';
  readonly rows: number;
  readonly k: number;
  readonly dims: 2 | 3;
  readonly indices: Int32Array;
  readonly distances: Float32Array;
  readonly seed: number;
}

/** Progress: epochs done of the total, with the layout so far ([rows, dims] row-major). */
export interface UmapProgress {
  readonly type: 'progress';
  readonly epoch: number;
  readonly epochs: number;
  readonly coords: Float32Array;
}

/** The final layout ([rows, dims] row-major). */
export interface UmapDone {
  readonly type: 'done';
  readonly coords: Float32Array;
}

export interface UmapFailed {
  readonly type: 'failed';
  readonly message: string;
}

export type FromUmapWorker = UmapProgress | UmapDone | UmapFailed;

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object';
}

export function isUmapRun(m: unknown): m is UmapRun {
  return (
    isRecord(m) &&
    m.type === 'run' &&
    typeof m.rows === 'number' &&
    typeof m.k === 'number' &&
    (m.dims === 2 || m.dims === 3) &&
    m.indices instanceof Int32Array &&
    m.distances instanceof Float32Array &&
    m.indices.length === m.rows * m.k &&
    m.distances.length === m.rows * m.k &&
    typeof m.seed === 'number'
  );
}

export function isFromUmapWorker(m: unknown): m is FromUmapWorker {
  if (!isRecord(m)) return false;
  if (m.type === 'progress') return typeof m.epoch === 'number' && typeof m.epochs === 'number' && m.coords instanceof Float32Array;
  if (m.type === 'done') return m.coords instanceof Float32Array;
  return m.type === 'failed' && typeof m.message === 'string';
}
