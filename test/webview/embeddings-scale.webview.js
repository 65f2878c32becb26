// The embedding visualizer at scale, in headless Chromium with WebGL (SwiftShader), under the panel's own document
// and CSP: the WebGL plot draws 100k points where they belong and labels a hovered one; t-SNE and UMAP lay out a
// seeded sample of a set larger than they take, with a notice; Cancel ends t-SNE in its kNN phase and leaves the
// panel answering. No timing assertions: speed is in `npm run bench:viz`.
'use strict';
const assert = require('assert');
const { openApp, results, problems, gaussian, clusters, computePage } = require('./embeddings-app');
const { mulberry32 } = require('../../src/webviews/embeddings/vectors.ts');
const { jacobiEigen } = require('../../src/webviews/embeddings/app/compute.ts');

const HOLE = { x: 1.5, y: 0.4, r: 0.25 };
const NEEDLE = 75000; // beyond 65,535: a 16-bit index or a capped draw would lose it

/**
 * 100k points in 3-D: x runs from −3 to 3 with the row number (so a plot that drew only the first rows would leave
 * the right-hand part empty), y uniform in [−1, 1], z a little noise. No point lies within HOLE.r of HOLE except
 * row NEEDLE, labelled "needle", at its centre. Labels p<row>.
 */
function planeWithHole(rows = 100000, seed = 5) {
  const random = mulberry32(seed);
  const dim = 3;
  const vectors = new Float32Array(rows * dim);
  const words = [];
  for (let i = 0; i < rows; i++) {
    const x = -3 + (6 * (i + 0.5)) / rows;
    let y;
    do y = 2 * random() - 1;
    while (Math.hypot(x - HOLE.x, y - HOLE.y) < HOLE.r);
    vectors.set([x, y, 0.01 * gaussian(random)], i * dim);
    words.push(`p${i}`);
  }
  vectors.set([HOLE.x, HOLE.y, 0], NEEDLE * dim);
  words[NEEDLE] = 'needle';
  return { words, dim, vectors, notices: [] };
}

/**
 * Where the app's 2-D PCA puts each row, as the plot fits it into [−1, 1] (plot.ts `fit`): the covariance's top
 * two eigenvectors (signed so their largest entry is positive, as compute.ts `pca` does), computed here in Node.
 */
function fittedPca(set) {
  const { vectors, dim } = set;
  const n = vectors.length / dim;
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) mean[d] += vectors[i * dim + d] / n;
  const cov = new Float64Array(dim * dim);
  for (let i = 0; i < n; i++) for (let a = 0; a < dim; a++) for (let b = 0; b < dim; b++) cov[a * dim + b] += ((vectors[i * dim + a] - mean[a]) * (vectors[i * dim + b] - mean[b])) / (n - 1);
  const { values, vectors: v } = jacobiEigen(cov, dim);
  const order = values.map((_, i) => i).sort((a, b) => values[b] - values[a]);
  const comps = order.slice(0, 2).map((c) => {
    const col = Array.from({ length: dim }, (_, d) => v[d * dim + c]);
    const big = col.reduce((best, x, d) => (Math.abs(x) > Math.abs(col[best]) ? d : best), 0);
    return col.map((x) => (col[big] < 0 ? -x : x));
  });
  const coords = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) for (let c = 0; c < 2; c++) coords[i * 2 + c] = comps[c].reduce((s, w, d) => s + w * (vectors[i * dim + d] - mean[d]), 0);
  const cm = [0, 0];
  for (let i = 0; i < n; i++) for (let c = 0; c < 2; c++) cm[c] += coords[i * 2 + c] / n;
  let max = 0;
  for (let i = 0; i < n; i++) for (let c = 0; c < 2; c++) max = Math.max(max, Math.abs(coords[i * 2 + c] - cm[c]));
  return (i) => [(coords[i * 2] - cm[0]) / max, (coords[i * 2 + 1] - cm[1]) / max];
}

/** CSS pixels in the canvas of a fitted 2-D point, at the plot's reset camera (plot.ts `matrix`, `project`). */
function toScreen([fx, fy], w, h) {
  const aspect = w / h;
  const sx = (aspect > 1 ? 1 / aspect : 1) * 0.95;
  const sy = (aspect > 1 ? 1 : aspect) * 0.95;
  return { x: ((fx * sx + 1) / 2) * w, y: ((1 - fy * sy) / 2) * h };
}

/**
 * Reads back what the plot drew: resets its view (a redraw), and in the same animation frame, after its draw and
 * before the frame is composited (its drawing buffer is not preserved), reads the pixels of its WebGL context. A
 * pixel is drawn when its alpha is non-zero (the plot clears to transparent). Counts, in CSS pixels: drawn pixels
 * in each of `strips` vertical strips between x0 and x1, within `dot` of the needle, and in the ring between
 * `ring[0]` and `ring[1]` around it.
 */
function readPlot(view, probe) {
  return view.page.evaluate(
    (p) =>
      new Promise((resolve) => {
        const canvas = document.querySelector('.plot-canvas');
        const gl = canvas.getContext('webgl');
        canvas.dispatchEvent(new KeyboardEvent('keydown', { key: '0' }));
        requestAnimationFrame(() => {
          const w = gl.drawingBufferWidth;
          const h = gl.drawingBufferHeight;
          const px = new Uint8Array(w * h * 4);
          gl.readPixels(0, 0, w, h, gl.RGBA, gl.UNSIGNED_BYTE, px);
          const scale = w / canvas.clientWidth; // device pixels per CSS pixel
          const strips = new Array(p.strips).fill(0);
          let total = 0;
          let dot = 0;
          let ring = 0;
          for (let row = 0; row < h; row++) {
            for (let col = 0; col < w; col++) {
              if (px[(row * w + col) * 4 + 3] === 0) continue;
              total++;
              const x = (col + 0.5) / scale;
              const y = (h - row - 0.5) / scale; // readPixels starts at the bottom row
              const s = Math.floor(((x - p.x0) / (p.x1 - p.x0)) * p.strips);
              if (s >= 0 && s < p.strips) strips[s]++;
              const r = Math.hypot(x - p.needle.x, y - p.needle.y);
              if (r <= p.dot) dot++;
              else if (r >= p.ring[0] && r <= p.ring[1]) ring++;
            }
          }
          resolve({ total, strips, dot, ring, size: [w, h] });
        });
      }),
    probe,
  );
}

/** Clicks Cancel and waits for the app to say the run was cancelled; returns its results. */
async function cancelRun(view, what) {
  await view.page.locator('#cancel').click();
  return results(view, (x) => x.cancelled === true, `the cancelled ${what}`, 120000);
}

/** Searches `word` through the search field; resolves with its neighbours. */
async function searchWord(view, word) {
  await view.page.locator('#query input').fill(word);
  await view.page.locator('#query input').press('Enter');
  return (await results(view, (x) => x.neighbours && x.neighbours.query === word, `the neighbours of ${word}`)).neighbours.results;
}

describe('embedding visualizer at scale', function () {
  this.timeout(300000);

  it("t-SNE's exact repulsion: the fused WebGL pass and the blocked tensor ops both agree with Node", async () => {
    const view = await computePage();
    const random = mulberry32(12);
    for (const dims of [2, 3]) {
      const n = 701; // odd: the shader's last 2-row block holds one row
      const y = Array.from({ length: n * dims }, () => 5 * gaussian(random));
      // Σ_j q² (y_i − y_j) and Z = Σ_{i≠j} q, q = 1 / (1 + |y_i − y_j|²), in doubles.
      const force = new Float64Array(n * dims);
      let z = 0;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          if (i === j) continue;
          let d2 = 0;
          for (let d = 0; d < dims; d++) d2 += (y[i * dims + d] - y[j * dims + d]) ** 2;
          const q = 1 / (1 + d2);
          z += q;
          for (let d = 0; d < dims; d++) force[i * dims + d] += q * q * (y[i * dims + d] - y[j * dims + d]);
        }
      }
      const scale = Math.max(...force.map(Math.abs));
      for (const shader of [true, false]) {
        // 128 rows per block: six blocks, the last one ragged (the blocked path only).
        const r = await view.page.evaluate((a) => window.embeddingsCompute.repulsion(a.y, a.n, a.dims, 128, a.shader), { y, n, dims, shader });
        const what = `${dims}-D, ${shader ? 'shader' : 'blocked tensor ops'}`;
        assert.ok(Math.abs(r.z - z) / z < 1e-4, `${what}: Z = ${r.z}, Node ${z}`);
        const worst = r.force.reduce((m, f, t) => Math.max(m, Math.abs(f - force[t])), 0);
        assert.ok(worst / scale < 1e-3, `${what}: a force is off by ${worst} (largest force ${scale})`);
        assert.strictEqual(r.numTensors, 0, `${what}: tensors left behind`);
      }
    }
    assert.deepStrictEqual(await problems(view), []);
  });

  it('draws 100k points in WebGL where PCA puts them, and labels the hovered one', async () => {
    const set = planeWithHole();
    const saved = { sourceId: 'plane', method: 'pca', dims: 2, query: '', k: 10, analogy: { a: '', b: '', c: '' } };
    const view = await openApp(set, { sourceId: 'plane', saved });
    const r = await results(view, (x) => x.projection && x.projection.method === 'pca', 'the PCA projection of 100k points', 180000);
    assert.strictEqual(r.projection.rows, 100000);

    const fitted = fittedPca(set);
    const box = await view.page.locator('.plot-canvas').boundingBox();
    const at = (i) => toScreen(fitted(i), box.width, box.height);
    const needle = at(NEEDLE);
    const [left, right] = [at(0).x, at(set.words.length - 1).x].sort((a, b) => a - b);
    // The hole's radius on screen: the x range spans 6 units of data.
    const edge = toScreen([fitted(NEEDLE)[0] + (fitted(set.words.length - 1)[0] - fitted(0)[0]) * (HOLE.r / 6), fitted(NEEDLE)[1]], box.width, box.height);
    const radius = Math.abs(edge.x - needle.x);
    assert.ok(radius > 12, `the hole is only ${radius.toFixed(1)} px wide on this canvas (${box.width}×${box.height})`);

    const drawn = await readPlot(view, { strips: 20, x0: left, x1: right, needle, dot: 2.5, ring: [5, radius - 4] });
    // Every twentieth of the x range holds about 5,000 points: all of them drawn, each strip well covered.
    const emptiest = Math.min(...drawn.strips);
    assert.ok(emptiest > 0.5 * (drawn.strips.reduce((a, b) => a + b, 0) / drawn.strips.length), `drawn pixels per strip from left to right: ${drawn.strips.join(', ')}`);
    assert.ok(drawn.dot > 0, `nothing drawn at the needle (${needle.x.toFixed(1)}, ${needle.y.toFixed(1)})`);
    assert.strictEqual(drawn.ring, 0, `${drawn.ring} pixels drawn in the empty ring around the needle: points are not where PCA puts them`);

    await view.page.mouse.move(box.x + needle.x, box.y + needle.y);
    await view.page.locator('.plot-label-hover', { hasText: 'needle' }).waitFor({ timeout: 30000 });
    assert.deepStrictEqual(await problems(view), []);
  });

  // Each run is cancelled at its first progress report: what is checked is the sample, not the layout.
  for (const [method, label, max] of [['tsne', 't-SNE', 10000], ['umap', 'UMAP', 20000]]) {
    it(`${label} lays out a seeded sample of ${max.toLocaleString('en-US')} rows of a larger set, with a notice; Cancel leaves the panel answering`, async () => {
      const set = clusters(10, (max + 2000) / 10, 8, 3);
      const saved = { sourceId: 'clusters', method, dims: 2, query: '', k: 10, analogy: { a: '', b: '', c: '' } };
      const view = await openApp(set, { sourceId: 'clusters', saved });
      const started = await results(view, (x) => x.progress && x.progress.method === method, `the first ${label} progress report`, 180000);
      assert.strictEqual(started.progress.total, max, `${label} works on ${started.progress.total} rows: ${JSON.stringify(started.progress)}`);
      const notice = `${label} lays out a random sample of ${max.toLocaleString('en-US')} of the ${set.words.length.toLocaleString('en-US')} vectors`;
      await view.page.locator('.notice-warning', { hasText: notice }).waitFor({ timeout: 10000 });
      const cancelled = await cancelRun(view, label);
      assert.strictEqual(cancelled.dataset.rows, set.words.length, 'the set itself is whole');
      // Search and analogies use every row, not only the sample.
      const found = await searchWord(view, 'c9_1000');
      assert.strictEqual(found.length, 10);
      assert.ok(found.every((f) => f.word.startsWith('c9_')), `neighbours of c9_1000: ${found.map((f) => f.word).join(', ')}`);
      assert.deepStrictEqual(await problems(view), []);
    });
  }

  it('t-SNE stops in its kNN phase when cancelled there', async () => {
    const set = clusters(10, 1000, 32, 8);
    const saved = { sourceId: 'clusters', method: 'tsne', dims: 2, query: '', k: 10, analogy: { a: '', b: '', c: '' } };
    const view = await openApp(set, { sourceId: 'clusters', saved });
    const started = await results(view, (x) => x.progress && x.progress.phase === 'knn', 'the first kNN progress report', 180000);
    assert.strictEqual(started.progress.total, 10000);
    const r = await cancelRun(view, 't-SNE');
    assert.strictEqual(r.progress.phase, 'knn', `the run went on to ${JSON.stringify(r.progress)}`);
    assert.ok(r.progress.done < r.progress.total, `the kNN phase ran to its end: ${JSON.stringify(r.progress)}`);
    assert.strictEqual(r.projection, undefined, 'a cancelled run publishes no projection');
    await view.page.locator('.notice-warning', { hasText: 't-SNE cancelled before its first layout' }).waitFor({ timeout: 10000 });
    assert.strictEqual(await view.page.locator('#busy').isHidden(), true, 'the progress bar is gone');
    assert.deepStrictEqual(await problems(view), []);
  });
});
