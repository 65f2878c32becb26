// Helpers for webview app specs (test/webview/*.webview.js): each spec loads a built webview bundle into a page of
// headless Chromium (WebGL through SwiftShader) inside the very document and Content-Security-Policy that the
// extension's webview panels use (src/webviews/csp.ts, loaded through tsx), served from a loopback origin that
// stands in for the webview resource origin. `acquireVsCodeApi` is a stub that records what the app posts.
//
//   const { openWebview, bundle } = require('./page');
//   const view = await openWebview({ title, styles: ['dist/webviews/lesson.css'], scripts: ['dist/webviews/lesson.js'], body });
//   await view.waitForPosted('ready');          // messages the app sent to the "host"
//   await view.post({ type: 'render', ... });   // a message from the "host" to the app
//   view.page                                    // the playwright Page
//   view.problems()                              // CSP violations and uncaught errors so far
'use strict';
const esbuild = require('esbuild');
const fs = require('fs');
const http = require('http');
const path = require('path');
const { waitFor } = require('../harness/wait');
// The extension's own document shell and CSP builder (TypeScript; the runner loads tsx).
const { renderDocument, createNonce } = require('../../src/webviews/csp.ts');

const repoRoot = path.resolve(__dirname, '..', '..');
const bundleDir = path.join(repoRoot, 'out', 'test', 'webview');
const SERVED = ['dist', path.join('out', 'test', 'webview')]; // the only folders the page may load from
const TYPES = { '.js': 'text/javascript', '.css': 'text/css', '.woff2': 'font/woff2', '.html': 'text/html', '.map': 'application/json' };

/** @type {{ browser: any, server: http.Server | null, origin: string, docs: Map<string, string>, pages: any[] }} */
const state = { browser: null, server: null, origin: '', docs: new Map(), pages: [] };

function setBrowser(browser) {
  state.browser = browser;
}

async function startServer() {
  state.server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname.startsWith('/doc/') && state.docs.has(url.pathname)) {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(state.docs.get(url.pathname));
      return;
    }
    const rel = path.normalize(decodeURIComponent(url.pathname)).replace(/^[/\\]+/, '');
    const file = path.join(repoRoot, rel);
    if (!SERVED.some((d) => rel.startsWith(d + path.sep)) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((r) => state.server.listen(0, '127.0.0.1', r));
  state.origin = `http://127.0.0.1:${state.server.address().port}`;
}

async function stopServer() {
  if (state.server) await new Promise((r) => state.server.close(r));
  state.server = null;
}

/**
 * Bundles a browser entry (e.g. a fixture page script) into out/test/webview/<name>.js and returns its served path.
 * @param {string} entry path relative to the repository root
 */
async function bundle(entry, name = path.basename(entry).replace(/\.[tj]s$/, '')) {
  await esbuild.build({
    entryPoints: { [name]: path.join(repoRoot, entry) },
    outdir: bundleDir,
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    logLevel: 'warning',
  });
  return path.relative(repoRoot, path.join(bundleDir, `${name}.js`));
}

/** Runs in the page before any of its scripts: the VS Code webview API stub and the problem recorders. */
function initScript(initialState) {
  const posted = [];
  let saved = initialState === null ? undefined : initialState;
  window.__test = { posted, cspViolations: [], errors: [] };
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => posted.push(JSON.parse(JSON.stringify(m))),
    getState: () => saved,
    setState: (s) => (saved = s),
  });
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__test.cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
  });
  window.addEventListener('error', (e) => window.__test.errors.push(String(e.message)));
  window.addEventListener('unhandledrejection', (e) => window.__test.errors.push(`unhandled rejection: ${e.reason}`));
}

/**
 * Opens a document built exactly like a webview panel's. Resource paths are relative to the repository root.
 * @param {{ title: string, styles?: string[], scripts: string[], body?: string, bodyAttributes?: Record<string,string>,
 *   inlineStyle?: string, allowStyleAttributes?: boolean, state?: unknown }} doc  state: what the stub's
 *   getState() returns at first, as after a window reload
 */
async function openWebview(doc) {
  if (!state.browser || !state.server) throw new Error('webview specs run through `npm run test:webview` (test/harness/run-webview.js)');
  const html = renderDocument({
    ...doc,
    cspSource: state.origin,
    nonce: createNonce(),
    styles: (doc.styles || []).map((s) => `${state.origin}/${s}`),
    scripts: doc.scripts.map((s) => `${state.origin}/${s}`),
  });
  const docPath = `/doc/${state.docs.size + 1}`;
  state.docs.set(docPath, html);
  const context = await state.browser.newContext({ viewport: { width: 900, height: 700 } });
  const page = await context.newPage();
  state.pages.push(page);
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.addInitScript(initScript, doc.state === undefined ? null : doc.state);
  await page.goto(`${state.origin}${docPath}`);

  const posted = () => page.evaluate(() => window.__test.posted);
  return {
    page,
    html,
    posted,
    /** Resolves with the first message of `type` the app posted. */
    async waitForPosted(type, timeoutMs = 15000) {
      return waitFor(async () => (await posted()).find((m) => m && m.type === type), { timeoutMs, what: `the app to post "${type}"` });
    },
    /** Delivers a message to the app the way the webview host does (a window 'message' event). */
    post(message) {
      return page.evaluate((m) => window.postMessage(m, '*'), message);
    },
    /** CSP violations and uncaught errors seen so far. */
    async problems() {
      const t = await page.evaluate(() => window.__test);
      return [...t.cspViolations.map((v) => `CSP: ${v}`), ...t.errors, ...pageErrors];
    },
  };
}

async function closePages() {
  for (const page of state.pages.splice(0)) await page.context().close().catch(() => {});
}

module.exports = { setBrowser, startServer, stopServer, bundle, openWebview, closePages, state };
