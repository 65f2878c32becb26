// The embedding visualizer in headless Chromium with WebGL (SwiftShader), under the panel's own document and CSP:
// its numerics (PCA against data with known components, blocked kNN against brute force computed here in Node),
// and the app (dist/webviews/embeddings.js) answering king − man + woman with queen on the shipped GloVe vectors; its
// controls (one projection at a time, the latest request winning), the camera kept for a reload, Browse… and the
// learner's module loaded again in place.
'use strict';
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { state: pageState } = require('./page');
const { openApp, results, problems, gaussian, clusters, computePage } = require('./embeddings-app');
const { waitFor } = require('../harness/wait');
const { parseVectors, mulberry32 } = require('../../src/webviews/embeddings/vectors.ts');

const { transformTypeScript } = require('../../src/grading/transform.ts');
const { wrapLearnerModule } = require('../../src/webviews/learnerScript.ts');

const repoRoot = path.resolve(__dirname, '..', '..');

/**
 * The learner script the panel writes for exercise embeddings/similarity (transformed by the grader's transform,
 * wrapped by learnerScript.ts), from the reference solution or the starter; returns its served path.
 */
function learnerScript(variant) {
  const file = path.join(repoRoot, 'exercises', 'embeddings', 'similarity', variant, 'similarity.ts');
  const code = transformTypeScript(fs.readFileSync(file, 'utf8'), file);
  const out = path.join(repoRoot, 'out', 'test', 'webview', `learner-similarity-${variant}.js`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, wrapLearnerModule('embeddings/similarity', code));
  return path.relative(repoRoot, out);
}

/** `count` random orthonormal vectors of length `dim` (Gram–Schmidt on seeded Gaussian vectors). */
function orthonormal(count, dim, random) {
  const basis = [];
  while (basis.length < count) {
    const v = Array.from({ length: dim }, () => gaussian(random));
    for (const b of basis) {
      const d = v.reduce((s, x, i) => s + x * b[i], 0);
      b.forEach((x, i) => (v[i] -= d * x));
    }
    const n = Math.hypot(...v);
    basis.push(v.map((x) => x / n));
  }
  return basis;
}

function gloveSet() {
  const text = zlib.gunzipSync(fs.readFileSync(path.join(repoRoot, 'media', 'data', 'glove', 'glove100d-top10k.txt.gz'))).toString('utf8');
  return parseVectors(text, { fileName: 'glove100d-top10k.txt' });
}

/** Chooses `label` in the @vscode-elements dropdown #`id` the way a user does: opens it and clicks the option. */
async function choose(view, id, label) {
  await view.page.locator(`#${id}`).click();
  await view.page.locator(`#${id} li[role="option"]`, { hasText: label }).click();
}

/** A saved state for a small labelled set (see `clusters`). */
function clusterState(change = {}) {
  return { sourceId: 'clusters', method: 'pca', dims: 2, query: '', k: 10, analogy: { a: '', b: '', c: '' }, ...change };
}

/** Share of each point's `k` nearest layout neighbours that carry its cluster label (c<cluster>_…). */
function clusterAgreement(coords, dims, words, k) {
  const n = words.length;
  const cluster = words.map((w) => w.split('_')[0]);
  let same = 0;
  for (let i = 0; i < n; i++) {
    const d = [];
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let s = 0;
      for (let t = 0; t < dims; t++) s += (coords[i * dims + t] - coords[j * dims + t]) ** 2;
      d.push([s, j]);
    }
    d.sort((a, b) => a[0] - b[0]);
    for (let t = 0; t < k; t++) if (cluster[d[t][1]] === cluster[i]) same++;
  }
  return same / (n * k);
}

describe('embedding visualizer numerics on WebGL', () => {
  it('PCA recovers the known components and variances of a constructed dataset', async () => {
    const view = await computePage();
    const random = mulberry32(42);
    const rows = 3000;
    const dim = 12;
    const axes = orthonormal(3, dim, random);
    const scales = [5, 3, 1.5]; // standard deviations along the three axes
    const data = [];
    for (let i = 0; i < rows; i++) {
      const z = scales.map((s) => s * gaussian(random));
      for (let d = 0; d < dim; d++) data.push(10 + axes.reduce((s, a, j) => s + z[j] * a[d], 0) + 0.05 * gaussian(random));
    }
    const r = await view.page.evaluate(({ data, rows, dim }) => window.embeddingsCompute.pca(data, rows, dim, 3), { data, rows, dim });
    for (let c = 0; c < 3; c++) {
      const comp = r.components.slice(c * dim, (c + 1) * dim);
      const cos = Math.abs(comp.reduce((s, x, i) => s + x * axes[c][i], 0));
      assert.ok(cos > 0.999, `component ${c + 1} is off the constructed axis: |cos| = ${cos}`);
    }
    const total = scales.reduce((s, x) => s + x * x, 0) + dim * 0.05 ** 2;
    r.explained.forEach((e, c) => assert.ok(Math.abs(e - scales[c] ** 2 / total) < 0.03, `explained variance ${c + 1}: ${e}, expected about ${scales[c] ** 2 / total}`));
    assert.strictEqual(r.numTensors, await view.page.evaluate(() => window.embeddingsCompute.numTensors()), 'PCA left tensors behind');
    assert.deepStrictEqual(await problems(view), []);
  });

  it('exact cosine kNN in blocks agrees with brute force computed in Node', async () => {
    const view = await computePage();
    const random = mulberry32(7);
    const rows = 1100;
    const dim = 24;
    const k = 8;
    const data = Array.from({ length: rows * dim }, () => gaussian(random));
    const before = await view.page.evaluate(() => window.embeddingsCompute.numTensors());
    // 256 rows per block: five blocks, the last one ragged.
    const r = await view.page.evaluate(({ data, rows, dim, k }) => window.embeddingsCompute.knnAll(data, rows, dim, k, 256), { data, rows, dim, k });
    const unit = [];
    for (let i = 0; i < rows; i++) {
      const v = data.slice(i * dim, (i + 1) * dim);
      const n = Math.hypot(...v);
      unit.push(v.map((x) => x / n));
    }
    let mismatches = 0;
    for (let i = 0; i < rows; i++) {
      const sims = unit.map((u, j) => ({ j, s: j === i ? -Infinity : u.reduce((acc, x, d) => acc + x * unit[i][d], 0) }));
      sims.sort((a, b) => b.s - a.s);
      for (let t = 0; t < k; t++) {
        const got = { j: r.indices[i * k + t], s: r.scores[i * k + t] };
        assert.ok(Math.abs(got.s - sims[t].s) < 1e-4, `row ${i}, neighbour ${t}: score ${got.s}, brute force ${sims[t].s}`);
        // Indices must agree unless two brute-force scores are tied within float32 precision.
        const tied = (t > 0 && sims[t - 1].s - sims[t].s < 1e-5) || (t + 1 < rows && sims[t].s - sims[t + 1].s < 1e-5);
        if (got.j !== sims[t].j && !tied) mismatches++;
      }
    }
    assert.strictEqual(mismatches, 0, `${mismatches} neighbours differ from brute force`);
    assert.strictEqual(await view.page.evaluate(() => window.embeddingsCompute.numTensors()), before, 'kNN left tensors behind');
  });
});

describe('embedding visualizer app', function () {
  // 10k × 100 vectors through SwiftShader's software WebGL on a shared 2-core machine: minutes, not seconds.
  this.timeout(300000);
  let glove;
  before(() => {
    glove = gloveSet();
  });

  it('projects GloVe with PCA, lists neighbours with scores and solves king − man + woman = queen', async () => {
    const view = await openApp(glove);
    const projected = await results(view, (r) => r.projection, 'the PCA projection');
    assert.strictEqual(projected.backend, 'webgl');
    assert.deepStrictEqual(projected.dataset, { sourceId: 'glove', rows: 10000, dim: 100 });
    assert.strictEqual(projected.projection.method, 'pca');
    assert.strictEqual(projected.projection.dims, 2);
    assert.ok(projected.projection.explainedVariance[0] > projected.projection.explainedVariance[1], 'components by decreasing variance');

    await view.page.locator('#query input').fill('france');
    await view.page.locator('#query input').press('Enter');
    const searched = await results(view, (r) => r.neighbours && r.neighbours.query === 'france', 'the neighbours of "france"');
    const words = searched.neighbours.results.map((n) => n.word);
    assert.strictEqual(words.length, 10);
    assert.ok(words.includes('french') || words.includes('belgium'), `neighbours of france: ${words.join(', ')}`);
    const scores = searched.neighbours.results.map((n) => n.score);
    assert.deepStrictEqual(scores, [...scores].sort((a, b) => b - a), 'scores in decreasing order');
    assert.strictEqual(await view.page.locator('#neighbours li').count(), 10, 'the list shows ten neighbours');
    assert.match(await view.page.locator('#neighbours li').first().innerText(), new RegExp(`${words[0]}\\s+${scores[0].toFixed(3)}`));
    // The searched word and its neighbours are labelled in the plot.
    await view.page.locator('.plot-label-query', { hasText: 'france' }).waitFor({ timeout: 10000 });
    assert.strictEqual(await view.page.locator('.plot-label-neighbour').count(), 10);

    await view.page.locator('#analogy-a input').fill('king');
    await view.page.locator('#analogy-b input').fill('man');
    await view.page.locator('#analogy-c input').fill('woman');
    await view.page.locator('#solve').click();
    const solved = await results(view, (r) => r.analogy && r.analogy.results.length, 'the analogy');
    console.log(`      timings (ms): ${JSON.stringify(solved.timingsMs)}`);
    assert.strictEqual(solved.analogy.results[0].word, 'queen', `king − man + woman: ${JSON.stringify(solved.analogy.results)}`);
    assert.ok(Math.abs(solved.analogy.results[0].score - 0.78) < 0.02, `cosine of queen: ${solved.analogy.results[0].score}`);
    const state = await view.page.evaluate(() => window.acquireVsCodeApi().getState());
    assert.deepStrictEqual(state.analogy, { a: 'king', b: 'man', c: 'woman' }, 'the analogy is kept for a reload');
    assert.deepStrictEqual(await problems(view), []);
  });

  it('restores the saved view (3-D, searched word) and frees its tensors across repeated projections', async () => {
    const saved = { sourceId: 'glove', method: 'pca', dims: 3, query: 'paris', k: 5, analogy: { a: '', b: '', c: '' } };
    const view = await openApp(glove, { saved });
    const first = await results(view, (r) => r.neighbours && r.neighbours.query === 'paris', 'the restored search');
    assert.strictEqual(first.projection.dims, 3);
    assert.strictEqual(first.neighbours.results.length, 5);
    const tensors = first.numTensors;
    for (let i = 0; i < 3; i++) {
      await view.page.evaluate(() => (document.getElementById('lf-test-hook').textContent = ''));
      await view.page.locator('#project').click();
      const again = await results(view, (r) => r.projection && r.neighbours, `projection ${i + 2}`);
      assert.strictEqual(again.numTensors, tensors, `tf.memory().numTensors grew from ${tensors} to ${again.numTensors} after projection ${i + 2}`);
    }
  });

  for (const method of ['tsne', 'umap']) {
    it(`${method === 'tsne' ? 't-SNE (TF.js)' : 'UMAP (umap-js in a Web Worker)'} keeps separated clusters together and frees its tensors`, async () => {
      const set = clusters(3, 100, 16, 11);
      const saved = { sourceId: 'clusters', method: 'pca', dims: 2, query: '', k: 10, analogy: { a: '', b: '', c: '' } };
      const view = await openApp(set, { sourceId: 'clusters', saved });
      const before = await results(view, (x) => x.projection && x.projection.method === 'pca', 'the PCA first');
      await view.page.evaluate((m) => {
        const select = document.getElementById('method');
        select.value = m;
        select.dispatchEvent(new Event('change'));
      }, method);
      // 1000 t-SNE iterations through software WebGL take a minute or two here.
      const r = await results(view, (x) => x.projection && x.projection.method === method, `the ${method} layout`, 240000);
      const agreement = clusterAgreement(r.projection.coords, 2, set.words, 5);
      assert.ok(agreement > 0.95, `only ${(agreement * 100).toFixed(1)}% of the layout's 5 nearest neighbours share their cluster`);
      assert.strictEqual(r.numTensors, before.numTensors, `tf.memory().numTensors went from ${before.numTensors} to ${r.numTensors} over the ${method} run`);
      assert.deepStrictEqual(await problems(view), []);
    });
  }

  it('cancels a UMAP run in its worker, keeping the last layout and freeing the UI', async () => {
    const set = clusters(4, 2000, 8, 5);
    const saved = { sourceId: 'clusters', method: 'umap', dims: 2, query: '', k: 10, analogy: { a: '', b: '', c: '' } };
    const view = await openApp(set, { sourceId: 'clusters', saved });
    await view.page.locator('#busy .busy-text', { hasText: /epoch \d+ of/ }).waitFor({ timeout: 120000 });
    await view.page.locator('#cancel').click();
    const r = await results(view, (x) => x.cancelled === true, 'the cancelled run');
    assert.strictEqual(r.projection, undefined, 'a cancelled run publishes no projection');
    await view.page.locator('.notice-warning', { hasText: 'UMAP cancelled' }).waitFor({ timeout: 10000 });
    assert.strictEqual(await view.page.locator('#busy').isHidden(), true, 'the progress bar is gone');
    // The app answers again at once: a PCA projection runs.
    await view.page.evaluate(() => (document.getElementById('lf-test-hook').textContent = ''));
    await view.page.evaluate(() => { const m = document.getElementById('method'); m.value = 'pca'; m.dispatchEvent(new Event('change')); });
    await results(view, (x) => x.projection && x.projection.method === 'pca', 'a PCA after the cancel');
  });

  it('supersedes a running projection with the newest request, and Project while the same one runs adds no run', async () => {
    const set = clusters(3, 100, 16, 11);
    const view = await openApp(set, { sourceId: 'clusters', saved: clusterState() });
    await results(view, (x) => x.projection && x.projection.method === 'pca', 'the PCA first');
    await choose(view, 'method', 't-SNE');
    const running = await results(view, (x) => x.progress && x.progress.method === 'tsne' && x.progress.phase === 'layout', 't-SNE laying out');
    // Project with the same settings while t-SNE runs: neither a second run behind it nor a restart.
    await view.page.locator('#project').click();
    await view.page.locator('#project').click();
    const later = await results(view, (x) => x.progress.done > running.progress.done + 10, 't-SNE going on after Project');
    assert.deepStrictEqual(later.projectionRuns, [{ method: 'pca', dims: 2, outcome: 'done' }], 'the t-SNE run was neither restarted nor queued again');
    // Another method while t-SNE runs: t-SNE stops at once and the new choice is projected.
    await choose(view, 'method', 'PCA');
    await results(view, (x) => x.projectionRuns.length >= 3, 'the run after the change');
    await view.page.locator('#busy').waitFor({ state: 'hidden', timeout: 30000 });
    const r = await results(view, (x) => x.projection && x.projection.method === 'pca', 'the PCA again');
    assert.deepStrictEqual(r.projectionRuns, [
      { method: 'pca', dims: 2, outcome: 'done' },
      { method: 'tsne', dims: 2, outcome: 'superseded' },
      { method: 'pca', dims: 2, outcome: 'done' },
    ]);
    assert.strictEqual(r.cancelled, false);
    assert.strictEqual(await view.page.locator('.notice-warning', { hasText: 'cancelled' }).count(), 0, 'a superseded run is no cancel notice');
    assert.deepStrictEqual(await problems(view), []);
  });

  it('keeps the camera in the saved state and puts it back after a reload', async () => {
    const set = clusters(3, 100, 16, 11);
    const view = await openApp(set, { sourceId: 'clusters', saved: clusterState({ query: 'c1_0', k: 5 }) });
    await results(view, (x) => x.neighbours && x.neighbours.query === 'c1_0', 'the search');
    // Zoom and pan with the keyboard on the focused canvas, as a learner can.
    const canvas = view.page.locator('.plot-canvas');
    await canvas.focus();
    for (const key of ['+', '+', 'ArrowLeft', 'ArrowUp']) await canvas.press(key);
    const moved = await results(view, (x) => x.camera && Math.abs(x.camera.zoom - 1.44) < 1e-6 && x.camera.x !== 0 && x.camera.y !== 0, 'the moved camera saved');
    const saved = await view.page.evaluate(() => window.acquireVsCodeApi().getState());
    assert.deepStrictEqual(saved.camera, moved.camera, 'setState holds the camera');
    const label = await view.page.locator('.plot-label-query').boundingBox();

    const reloaded = await openApp(set, { sourceId: 'clusters', saved });
    await results(reloaded, (x) => x.neighbours && x.neighbours.query === 'c1_0', 'the restored search');
    const again = await reloaded.page.locator('.plot-label-query').boundingBox();
    assert.ok(Math.abs(again.x - label.x) < 1 && Math.abs(again.y - label.y) < 1, `the searched word is drawn at ${again.x},${again.y} after the reload, ${label.x},${label.y} before`);
    // The restored camera is the plot's own: zooming on from it is saved as 1.2 × the restored zoom.
    await reloaded.page.locator('.plot-canvas').focus();
    await reloaded.page.locator('.plot-canvas').press('+');
    await results(reloaded, (x) => x.camera && Math.abs(x.camera.zoom - 1.2 * saved.camera.zoom) < 1e-6 && x.camera.x === saved.camera.x, 'the zoom from the restored camera');
    assert.deepStrictEqual(await problems(reloaded), []);
  });

  it('asks the host for a file with Browse… and loads the picked set', async () => {
    const set = clusters(2, 20, 4, 3);
    const view = await openApp(set, { sourceId: 'clusters', saved: clusterState() });
    await results(view, (x) => x.projection, 'the first projection');
    await choose(view, 'source', 'Browse…');
    const browse = await view.waitForPosted('browse');
    assert.strictEqual(await view.page.locator('#source').evaluate((el) => el.value), 'clusters', 'the list shows the current set while the dialog is open');
    const picked = { id: 'file:/elsewhere/mine.vec', label: 'mine.vec', description: '/elsewhere/mine.vec' };
    await view.post({ type: 'browsed', requestId: browse.requestId, source: picked });
    const load = await waitFor(async () => (await view.posted()).find((m) => m.type === 'load' && m.sourceId === picked.id), { what: 'a load of the picked file' });
    const small = parseVectors('a 1 0\nb 0 1\nc 1 1\n', { fileName: 'mine.vec' });
    await view.page.evaluate(({ m, values }) => window.postMessage({ ...m, vectors: Float32Array.from(values) }, '*'), {
      m: { type: 'dataset', requestId: load.requestId, sourceId: picked.id, name: 'mine.vec', words: small.words, dim: small.dim, notices: [] },
      values: Array.from(small.vectors),
    });
    const r = await results(view, (x) => x.dataset.sourceId === picked.id && x.projection && x.projection.rows === 3, 'the picked set projected');
    assert.strictEqual(r.dataset.dim, 2);
    assert.strictEqual(await view.page.locator('#source').evaluate((el) => el.value), picked.id);
    assert.deepStrictEqual(await view.page.evaluate(() => window.acquireVsCodeApi().getState().sourceId), picked.id);
  });

  it("loads the learner's saved similarity.ts again in place, keeping the view", async () => {
    const set = clusters(3, 100, 16, 11);
    const view = await openApp(set, { sourceId: 'clusters', saved: clusterState({ query: 'c2_3', k: 5 }), learner: learnerScript('solution') });
    const first = await results(view, (x) => x.learner && x.neighbours, "the solution's cosineSimilarity");
    assert.strictEqual(first.learner.error, undefined, `the solution failed: ${first.learner.error}`);
    // What the host sends when the learner saves the file: a new script (here the starter, which throws its TODO).
    await view.post({ type: 'learnerModule', script: `${pageState.origin}/${learnerScript('starter')}` });
    const r = await results(view, (x) => x.learner && x.learner.error, "the new version's cosineSimilarity");
    assert.match(r.learner.error, /TODO/);
    assert.match(await view.page.locator('#learner').innerText(), /threw: .*TODO/);
    assert.deepStrictEqual(r.projectionRuns, [{ method: 'pca', dims: 2, outcome: 'done' }], 'the view was kept: no projection ran again');
    assert.strictEqual(r.neighbours.query, 'c2_3');
    assert.deepStrictEqual(await problems(view), [], 'the new script loaded under the CSP (with the document nonce)');
  });

  it("runs the learner's own cosineSimilarity (loaded as a script, no eval) beside the reference", async () => {
    const saved = { sourceId: 'glove', method: 'pca', dims: 2, query: 'france', k: 10, analogy: { a: '', b: '', c: '' } };
    const solved = await openApp(glove, { saved, learner: learnerScript('solution') });
    const r = await results(solved, (x) => x.learner, "the learner's cosineSimilarity");
    assert.strictEqual(r.learner.error, undefined, `the solution failed: ${r.learner.error}`);
    assert.ok(Math.abs(r.learner.value - r.learner.reference) < 1e-3, `learner ${r.learner.value}, reference ${r.learner.reference}`);
    assert.match(await solved.page.locator('#learner').innerText(), /Your cosineSimilarity\(france, \w+\) = [\d.]+ · reference [\d.]+ ✓/);
    assert.deepStrictEqual(await problems(solved), [], 'the learner script ran under the CSP');

    const starter = await openApp(glove, { saved, learner: learnerScript('starter') });
    const s = await results(starter, (x) => x.learner, "the starter's cosineSimilarity");
    assert.match(s.learner.error, /TODO/, 'the starter throws its TODO');
    assert.match(await starter.page.locator('#learner').innerText(), /threw: .*TODO/);
  });

  it('moves to the CPU with a notice when the WebGL context is lost, and keeps answering', async () => {
    const saved = { sourceId: 'glove', method: 'pca', dims: 2, query: 'paris', k: 5, analogy: { a: '', b: '', c: '' } };
    const view = await openApp(glove, { saved });
    await results(view, (x) => x.neighbours && x.backend === 'webgl', 'the first search on WebGL');
    assert.strictEqual(await view.page.evaluate(() => window.llmfTest.loseWebGLContext()), true, 'WEBGL_lose_context is available');
    const r = await results(view, (x) => x.backend === 'cpu' && x.neighbours && x.neighbours.query === 'paris', 'the search again on the CPU', 180000);
    assert.strictEqual(r.neighbours.results.length, 5);
    await view.page.locator('.notice-warning', { hasText: 'GPU context was lost' }).waitFor({ timeout: 10000 });
    assert.strictEqual(await view.page.locator('#backend').innerText(), 'CPU');
  });

  it('shows the notices of a file and a load error as text', async () => {
    const set = parseVectors('a 1 2\nb 1 x\nc nan 1\nd 0 1\ne 2 2\n', { fileName: 'mine.txt' });
    const view = await openApp(set, { sourceId: 'file:mine.txt' });
    await results(view, (r) => r.projection, 'the projection of a small file');
    const notices = await view.page.locator('#notices').innerText();
    assert.match(notices, /1 malformed line .*line 2\./);
    assert.match(notices, /Dropped 1 row holding NaN/);
    await view.post({ type: 'sources', sources: [{ id: 'file:empty.vec', label: 'empty.vec', description: '' }] });
    const load = await waitFor(async () => (await view.posted()).filter((m) => m.type === 'load').find((m) => m.sourceId === 'file:empty.vec'), { what: 'a load of empty.vec' });
    await view.post({ type: 'loadError', requestId: load.requestId, sourceId: 'file:empty.vec', message: 'The file is empty: there are no vectors in it.' });
    await view.page.locator('.notice-error', { hasText: 'The file is empty' }).waitFor({ timeout: 10000 });
  });
});
