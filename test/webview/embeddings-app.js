// Helpers for specs that drive the embedding visualizer app (dist/webviews/embeddings.js) in the panel's own
// document and CSP (see page.js): open it with one vector set served to its load, and read its published results.
'use strict';
const assert = require('assert');
const { openWebview, bundle, state: pageState } = require('./page');
const { waitFor } = require('../harness/wait');
const { EMBEDDINGS_SCRIPTS, EMBEDDINGS_STYLES, EMBEDDINGS_UMAP_WORKER, embeddingsBody } = require('../../src/webviews/embeddings/shell.ts');
const { mulberry32 } = require('../../src/webviews/embeddings/vectors.ts');

/**
 * Opens the app, answers its handshake with one source and serves `set` ({ words, dim, vectors, notices }) to its
 * load. `saved`: the webview state it starts from (as after a reload); `learner`: a learner script to load first.
 */
async function openApp(set, { sourceId = 'glove', saved, learner } = {}) {
  const view = await openWebview({
    title: 'Embedding Visualizer',
    styles: EMBEDDINGS_STYLES.map((f) => `dist/${f}`),
    scripts: [...(learner ? [learner] : []), ...EMBEDDINGS_SCRIPTS.map((f) => `dist/${f}`)],
    ...embeddingsBody(`${pageState.origin}/dist/${EMBEDDINGS_UMAP_WORKER}`, true),
    state: saved,
  });
  await view.waitForPosted('ready', 60000);
  await view.post({ type: 'sources', sources: [{ id: sourceId, label: 'Test vectors', description: 'from the spec' }] });
  const load = await view.waitForPosted('load');
  assert.strictEqual(load.sourceId, sourceId);
  // A Float32Array does not survive the JSON of page.evaluate's arguments, so it is rebuilt in the page.
  await view.page.evaluate(
    ({ m, values }) => window.postMessage({ ...m, vectors: Float32Array.from(values) }, '*'),
    { m: { type: 'dataset', requestId: load.requestId, sourceId, name: 'Test vectors', words: set.words, dim: set.dim, notices: set.notices }, values: Array.from(set.vectors) },
  );
  return view;
}

/** The app's published results (#lf-test-hook) once `ready(results)` holds. */
async function results(view, ready, what, timeoutMs = 60000) {
  return waitFor(
    async () => {
      // A busy page may answer slowly; that is a retry, not a failure.
      const text = await view.page.locator('#lf-test-hook').textContent({ timeout: 10000 }).catch(() => null);
      const r = text ? JSON.parse(text) : undefined;
      if (r && r.error) throw new Error(`the app reported: ${r.error}`);
      return r && ready(r) ? r : undefined;
    },
    { timeoutMs, what },
  );
}

/** Problems other than the wasm probe of TF.js's `long` dependency (see tfjs.webview.js). */
async function problems(view) {
  return (await view.problems()).filter((p) => !/^CSP: script-src blocked wasm-eval /.test(p));
}

/** Standard normal samples from a seeded generator (Box–Muller). */
function gaussian(random) {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** `count` seeded Gaussian clusters of `size` points in `dim` dimensions, labelled c<cluster>_<i>, centres far apart. */
function clusters(count, size, dim, seed) {
  const random = mulberry32(seed);
  const centres = Array.from({ length: count }, () => Array.from({ length: dim }, () => 4 * gaussian(random)));
  const words = [];
  const vectors = new Float32Array(count * size * dim);
  for (let c = 0; c < count; c++) {
    for (let i = 0; i < size; i++) {
      words.push(`c${c}_${i}`);
      for (let d = 0; d < dim; d++) vectors[(c * size + i) * dim + d] = centres[c][d] + 0.5 * gaussian(random);
    }
  }
  return { words, dim, vectors, notices: [] };
}

/** A page running the app's numerics on WebGL (fixtures/embeddings-compute.ts), as `window.embeddingsCompute`. */
async function computePage() {
  const script = await bundle('test/webview/fixtures/embeddings-compute.ts');
  const view = await openWebview({ title: 'Embedding numerics', scripts: [script], body: '<main></main>' });
  await waitFor(() => view.page.evaluate(() => window.embeddingsCompute !== undefined), { timeoutMs: 60000, what: 'the compute page' });
  assert.strictEqual(await view.page.evaluate(() => window.embeddingsCompute.backend), 'webgl');
  return view;
}

module.exports = { openApp, results, problems, gaussian, clusters, computePage };
