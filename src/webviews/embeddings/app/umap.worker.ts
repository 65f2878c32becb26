// The UMAP Web Worker (bundled into dist/webviews/embeddings-umap.js): runs umap-js's layout optimisation on a
// precomputed kNN graph, off the UI thread, posting progress with the layout so far about ten times a second.
import { UMAP } from 'umap-js';
import { mulberry32 } from '../vectors';
import { isUmapRun } from './umapMessages';
import type { FromUmapWorker, UmapRun } from './umapMessages';

declare const self: { onmessage: ((e: MessageEvent<unknown>) => void) | null; postMessage(m: FromUmapWorker, transfer?: Transferable[]): void };

const PROGRESS_EVERY_MS = 100;

self.onmessage = (e) => {
  if (!isUmapRun(e.data)) return;
  try {
    run(e.data);
  } catch (err) {
    self.postMessage({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
  }
};

function run(m: UmapRun): void {
  const umap = new UMAP({ nComponents: m.dims, nNeighbors: m.k, random: mulberry32(m.seed) });
  const indices: number[][] = [];
  const distances: number[][] = [];
  for (let i = 0; i < m.rows; i++) {
    // umap-js expects each point's own row first in its neighbour list, at distance 0.
    indices.push([i, ...m.indices.subarray(i * m.k, (i + 1) * m.k - 1)]);
    distances.push([0, ...m.distances.subarray(i * m.k, (i + 1) * m.k - 1)]);
  }
  umap.setPrecomputedKNN(indices, distances);
  // With the kNN graph given, umap-js reads only the number of rows from the data.
  const epochs = umap.initializeFit(Array.from({ length: m.rows }, () => []));
  let last = performance.now();
  for (let epoch = 0; epoch < epochs; ) {
    epoch = umap.step();
    if (performance.now() - last > PROGRESS_EVERY_MS) {
      last = performance.now();
      const coords = flat(umap.getEmbedding(), m.dims);
      self.postMessage({ type: 'progress', epoch, epochs, coords }, [coords.buffer]);
    }
  }
  const coords = flat(umap.getEmbedding(), m.dims);
  self.postMessage({ type: 'done', coords }, [coords.buffer]);
}

function flat(rows: number[][], dims: number): Float32Array {
  const out = new Float32Array(rows.length * dims);
  rows.forEach((r, i) => out.set(r, i * dims));
  return out;
}
