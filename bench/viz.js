// `npm run bench:viz`: the embedding visualizer's numerics in headless Chromium (WebGL through SwiftShader, the
// software renderer the tests use; the renderer is printed), each next to its baseline in the same run:
//   kNN (all rows, k = 10) of 10k × 100 on WebGL vs the TF.js cpu backend;
//   UMAP of 5k × 64: our pipeline (kNN on WebGL + umap-js in a Web Worker) vs plain umap-js on the main thread,
//     time and UI frames per second during the run;
//   t-SNE iterations per second, ours (TF.js) vs tsne-js (exact, JS), on 2k × 50;
//   t-SNE as the panel runs it on 10k × 100: time to the first kNN progress, the end of the kNN phase and the
//     first animated frame, iterations per second after it, and how long Cancel takes (during the iterations and
//     during the kNN phase);
//   PCA of 10k × 100 and 50k × 100.
// Anchors: the Embedding Projector's kNN takes 5 s for 10k points on a GPU; umap-js took 35 s for 5k × 64 on a
// machine like this one. Usage: npm run bench:viz [-- --quick] [-- --only=knn,tsne]   (quick: smaller sizes, for a
// smoke run; only: the groups to run, of knn, umap, tsne, tsne-panel, pca)
/* global window, document */ // inside page.evaluate callbacks, which run in the page
'use strict';
const esbuild = require('esbuild');
const fs = require('fs');
const http = require('http');
const path = require('path');
const { ensureTools } = require('../test/harness/tools');
const { launchChromium } = require('../test/harness/browser');

const root = path.resolve(__dirname, '..');
const out = path.join(root, 'out', 'bench');
const quick = process.argv.includes('--quick');
const S = (full, small) => (quick ? small : full);
const onlyArg = process.argv.find((a) => a.startsWith('--only='));
const only = onlyArg ? new Set(onlyArg.slice('--only='.length).split(',')) : undefined;
const wanted = (group) => !only || only.has(group);

async function main() {
  const tools = ensureTools({ codeServer: false });
  await esbuild.build({
    entryPoints: { 'viz-page': path.join(__dirname, 'viz-page.ts'), 'umap-worker': path.join(root, 'src', 'webviews', 'embeddings', 'app', 'umap.worker.ts') },
    outdir: out,
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    logLevel: 'warning',
  });
  // No CSP on this page: tsne-js (via cwise) compiles functions at run time. The visualizer itself runs under the
  // strict CSP in the webview tests.
  const server = http.createServer((req, res) => {
    if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!DOCTYPE html><html><body><script src="/viz-page.js"></script></body></html>');
      return;
    }
    const file = path.join(out, path.basename(req.url));
    if (!fs.existsSync(file)) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/javascript' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await launchChromium(tools, { webgl: true });
  const rows = [];
  try {
    const page = await (await browser.newContext()).newPage();
    page.setDefaultTimeout(0);
    await page.goto(origin);
    await page.waitForFunction(() => window.bench !== undefined);
    const renderer = await page.evaluate(() => {
      const gl = document.createElement('canvas').getContext('webgl');
      const ext = gl && gl.getExtension('WEBGL_debug_renderer_info');
      return ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : 'unknown';
    });
    console.log(`[bench:viz] WebGL renderer: ${renderer}`);
    const run = async (label, fn, ...args) => {
      process.stdout.write(`[bench:viz] ${label}… `);
      const r = await page.evaluate(({ fn, args }) => window.bench[fn](...args), { fn, args });
      const details = r.firstFrameMs === undefined ? '' : ` (first kNN progress ${s(r.knnFirstMs)}, kNN done ${s(r.knnDoneMs)}, first frame ${s(r.firstFrameMs)}; Cancel took ${s(r.cancelMs)} in the iterations, ${s(r.knnCancelMs)} in the kNN phase)`;
      console.log(`${s(r.ms)}${r.itPerSec ? `, ${r.itPerSec.toFixed(2)} it/s` : ''}, ${r.fps.toFixed(0)} UI fps${details}`);
      rows.push({ label, ...r });
      return r;
    };
    const ratios = [];
    if (wanted('knn')) {
      const n = S(10000, 2000);
      const knnGpu = await run(`kNN ${n} × 100, WebGL`, 'knn', 'webgl', n, 100);
      const knnCpu = await run(`kNN ${n} × 100, TF.js cpu`, 'knn', 'cpu', n, 100);
      ratios.push(`kNN cpu/webgl ${(knnCpu.ms / knnGpu.ms).toFixed(1)}×`);
    }
    if (wanted('umap')) {
      const u = S(5000, 1000);
      const umapOurs = await run(`UMAP ${u} × 64, ours (kNN WebGL + worker)`, 'umapOurs', u, 64, `${origin}/umap-worker.js`);
      const umapPlain = await run(`UMAP ${u} × 64, plain umap-js, main thread`, 'umapPlain', u, 64);
      ratios.push(`UMAP plain/ours ${(umapPlain.ms / umapOurs.ms).toFixed(1)}× time, UI ${umapOurs.fps.toFixed(0)} vs ${umapPlain.fps.toFixed(0)} fps`);
    }
    if (wanted('tsne')) {
      const t = S(2000, 500);
      const iters = S(100, 20);
      const tsneOurs = await run(`t-SNE ${t} × 50, ours (TF.js), ${iters} iterations`, 'tsneOurs', t, 50, iters);
      const tsneJs = await run(`t-SNE ${t} × 50, tsne-js, ${iters} iterations`, 'tsneJs', t, 50, iters);
      ratios.push(`t-SNE ours/tsne-js ${(tsneOurs.itPerSec / tsneJs.itPerSec).toFixed(1)}× it/s`);
    }
    if (wanted('tsne-panel')) {
      const t = S(10000, 2000);
      await run(`t-SNE ${t} × 100 as the panel runs it, time to first frame`, 'tsneResponsive', t, 100, 20);
    }
    if (wanted('pca')) {
      await run(`PCA ${S(10000, 2000)} × 100`, 'pca', S(10000, 2000), 100);
      await run(`PCA ${S(50000, 5000)} × 100`, 'pca', S(50000, 5000), 100);
    }
    console.log('');
    if (ratios.length) console.log(`[bench:viz] ratios: ${ratios.join('; ')}`);
  } finally {
    await browser.close().catch(() => {});
    server.close();
  }
}

function s(ms) {
  return `${(ms / 1000).toFixed(2)} s`;
}

main().catch((e) => {
  console.error(`[bench:viz] ${e.stack || e.message}`);
  process.exit(1);
});
