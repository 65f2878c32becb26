// UMAP for the visualizer: the exact cosine kNN graph on the TF.js backend (blocked, src/webviews/embeddings/app/
// compute.ts), then umap-js's layout optimisation in a Web Worker (umap.worker.ts) so the UI keeps its frame rate;
// progress frames animate the plot, and Cancel terminates the worker.

import { CancelledError } from './compute';
import type { EmbeddingIndex } from './compute';
import { isFromUmapWorker } from './umapMessages';
import type { UmapRun } from './umapMessages';

const blobUrls = new Map<string, Promise<string>>();

/**
 * Starts the worker bundle at `url` from a blob: URL: a worker script must be same-origin with the document, and a
 * webview's resources are served from another origin (the CSP allows `worker-src blob:` and `connect-src` to it).
 */
export async function startUmapWorker(url: string | undefined): Promise<Worker> {
  if (!url) throw new Error('The UMAP worker is missing from this document.');
  let blob = blobUrls.get(url);
  if (!blob) {
    blob = (async () => {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`The UMAP worker could not be loaded (${response.status}).`);
      return URL.createObjectURL(new Blob([await response.text()], { type: 'text/javascript' }));
    })();
    blobUrls.set(url, blob);
  }
  return new Worker(await blob);
}

export interface UmapOptions {
  readonly worker: () => Promise<Worker>;
  /** Flip `cancelled` and call `onCancel` (set here) to stop the run. */
  readonly token: { cancelled: boolean; onCancel?: () => void };
  readonly neighbours?: number;
  readonly seed?: number;
  readonly onKnnProgress?: (done: number) => void;
  readonly onFrame?: (coords: Float32Array, epoch: number, epochs: number, first: boolean) => void;
}

/** Resolves with the layout ([N, dims] row-major); rejects with CancelledError when cancelled. */
export async function umap(index: EmbeddingIndex, dims: 2 | 3, options: UmapOptions): Promise<Float32Array> {
  const { token } = options;
  const k = Math.min(options.neighbours ?? 15, index.rows - 1);
  const knn = await index.knnAll(k, { onProgress: options.onKnnProgress, isCancelled: () => token.cancelled });
  const distances = knn.scores.map((s) => Math.max(0, 1 - s)); // cosine distance
  const worker = await options.worker();
  try {
    return await new Promise<Float32Array>((resolve, reject) => {
      token.onCancel = () => reject(new CancelledError());
      if (token.cancelled) token.onCancel();
      let first = true;
      worker.onmessage = (e: MessageEvent<unknown>) => {
        const m = e.data;
        if (!isFromUmapWorker(m)) return;
        if (m.type === 'progress') {
          options.onFrame?.(m.coords, m.epoch, m.epochs, first);
          first = false;
        } else if (m.type === 'done') resolve(m.coords);
        else reject(new Error(`UMAP failed: ${m.message}`));
      };
      worker.onerror = (e) => reject(new Error(`UMAP failed: ${e.message}`));
      const run: UmapRun = { type: 'run', rows: index.rows, k, dims, indices: knn.indices, distances, seed: options.seed ?? 1 };
      worker.postMessage(run, [run.indices.buffer, run.distances.buffer]);
    });
  } finally {
    worker.terminate();
  }
}
