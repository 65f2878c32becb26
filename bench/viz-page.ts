// Page script for `npm run bench:viz` (bundled by bench/viz.js): the visualizer's own numerics next to the
// baselines, on seeded synthetic data (a mixture of Gaussian clusters), each timed in the page. Not a test.
import * as tf from '@tensorflow/tfjs';
import { UMAP } from 'umap-js';
// tsne-js has no type declarations; it is the exact t-SNE baseline only.
import TSNE from 'tsne-js/build/tsne.min.js';
import { EmbeddingIndex, pca } from '../src/webviews/embeddings/app/compute';
import { tsne } from '../src/webviews/embeddings/app/tsne';
import { umap } from '../src/webviews/embeddings/app/umap';
import { mulberry32 } from '../src/webviews/embeddings/vectors';

declare global {
  interface Window {
    bench?: Record<string, (...args: never[]) => Promise<unknown>>;
  }
}

function data(rows: number, dim: number, seed = 1): Float32Array {
  const random = mulberry32(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const centres = Array.from({ length: 20 }, () => Array.from({ length: dim }, () => 3 * gauss()));
  const out = new Float32Array(rows * dim);
  for (let i = 0; i < rows; i++) for (let d = 0; d < dim; d++) out[i * dim + d] = centres[i % 20]![d]! + gauss();
  return out;
}

function rows2d(x: Float32Array, rows: number, dim: number): number[][] {
  return Array.from({ length: rows }, (_, i) => Array.from(x.subarray(i * dim, (i + 1) * dim)));
}

/** Times `f` while counting animation frames, for the UI frame rate during the run. */
async function timed<T>(f: () => Promise<T> | T): Promise<{ ms: number; fps: number }> {
  let frames = 0;
  let running = true;
  const tick = () => {
    frames++;
    if (running) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  await new Promise((r) => setTimeout(r, 50));
  const t0 = performance.now();
  await f();
  const ms = performance.now() - t0;
  running = false;
  return { ms, fps: frames / ((ms + 50) / 1000) };
}

async function backend(name: 'webgl' | 'cpu'): Promise<void> {
  await tf.setBackend(name);
  await tf.ready();
}

window.bench = {
  async knn(name: 'webgl' | 'cpu', rows: number, dim: number) {
    await backend(name);
    const index = new EmbeddingIndex(data(rows, dim), rows, dim);
    await index.knnAll(10, { blockRows: 64 }); // warm-up: shader compilation
    const t = await timed(() => index.knnAll(10));
    index.dispose();
    return { backend: tf.getBackend(), ...t };
  },
  async pca(rows: number, dim: number) {
    await backend('webgl');
    const x = data(rows, dim);
    await pca(x.subarray(0, 100 * dim), 100, dim, 3); // warm-up
    return timed(() => pca(x, rows, dim, 2));
  },
  async umapOurs(rows: number, dim: number, workerUrl: string) {
    await backend('webgl');
    const index = new EmbeddingIndex(data(rows, dim), rows, dim);
    const t = await timed(() => umap(index, 2, { worker: async () => new Worker(workerUrl), token: { cancelled: false } }));
    index.dispose();
    return t;
  },
  async umapPlain(rows: number, dim: number) {
    const x = rows2d(data(rows, dim), rows, dim);
    return timed(() => new UMAP({ nComponents: 2, random: mulberry32(1) }).fit(x));
  },
  async tsneOurs(rows: number, dim: number, iterations: number) {
    await backend('webgl');
    const index = new EmbeddingIndex(data(rows, dim), rows, dim);
    await tsne(index, { dims: 2, iterations: 5 }); // warm-up
    const t = await timed(() => tsne(index, { dims: 2, iterations }));
    index.dispose();
    return { ...t, itPerSec: iterations / (t.ms / 1000) };
  },
  /**
   * t-SNE as the panel runs it on a large set (no warm-up: shader compilation is part of what a learner waits for):
   * time to the first kNN progress report, to the end of the kNN phase and to the first animated frame; iterations
   * per second over the next `extra` iterations; then how long Cancel, set 200 ms into the next iteration (as a
   * click lands), takes to end the run. A second run is cancelled 200 ms after its first kNN progress report, for
   * the cancel latency in the kNN phase.
   */
  async tsneResponsive(rows: number, dim: number, extra: number) {
    await backend('webgl');
    const index = new EmbeddingIndex(data(rows, dim), rows, dim);
    const marks: { knnFirst?: number; knnDone?: number; firstFrame?: number; firstIt?: number; lastFrame?: number; lastIt?: number; cancelAt?: number; ended?: number } = {};
    let cancelled = false;
    const t = await timed(async () => {
      const t0 = performance.now();
      const since = () => performance.now() - t0;
      await tsne(index, {
        dims: 2,
        isCancelled: () => cancelled,
        onKnnProgress: (done) => {
          marks.knnFirst ??= since();
          if (done === rows) marks.knnDone = since();
        },
        onFrame: (_coords, it) => {
          if (marks.firstFrame === undefined) {
            marks.firstFrame = since();
            marks.firstIt = it;
          }
          marks.lastFrame = since();
          marks.lastIt = it;
          // Cancel as a click would come: at some moment inside the next iteration, not between two.
          if (it >= marks.firstIt! + extra && marks.cancelAt === undefined) {
            marks.cancelAt = Infinity;
            setTimeout(() => {
              cancelled = true;
              marks.cancelAt = since();
            }, 200);
          }
        },
      }).catch((e: unknown) => {
        if (!(e instanceof Error && e.name === 'CancelledError')) throw e;
      });
      marks.ended = since();
    });
    // The kNN phase, cancelled at its first progress report.
    let knnCancelAt = 0;
    let stop = false;
    const t1 = performance.now();
    await tsne(index, {
      dims: 2,
      isCancelled: () => stop,
      onKnnProgress: () => {
        if (knnCancelAt) return;
        knnCancelAt = Infinity;
        setTimeout(() => {
          stop = true;
          knnCancelAt = performance.now();
        }, 200);
      },
    }).catch((e: unknown) => {
      if (!(e instanceof Error && e.name === 'CancelledError')) throw e;
    });
    const knnCancelMs = performance.now() - knnCancelAt;
    index.dispose();
    const iterations = marks.lastIt! - marks.firstIt!;
    return {
      ms: marks.firstFrame!,
      fps: t.fps,
      itPerSec: iterations / ((marks.lastFrame! - marks.firstFrame!) / 1000),
      knnFirstMs: marks.knnFirst!,
      knnDoneMs: marks.knnDone!,
      firstFrameMs: marks.firstFrame!,
      cancelMs: marks.ended! - marks.cancelAt!,
      knnCancelMs,
      knnCancelRunMs: performance.now() - t1,
    };
  },
  async tsneJs(rows: number, dim: number, iterations: number) {
    const model = new TSNE({ dim: 2, perplexity: 30, earlyExaggeration: 4, learningRate: 100, nIter: iterations, metric: 'euclidean' });
    model.init({ data: rows2d(data(rows, dim), rows, dim), type: 'dense' });
    const t = await timed(() => model.run());
    return { ...t, itPerSec: iterations / (t.ms / 1000) };
  },
};
