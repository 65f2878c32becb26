// Webview app layer: runs test/webview/*.webview.js (mocha, in this process) against the built webview bundles
// (dist/webviews/*.js) in headless Chromium with WebGL, under the extension's own CSP (see test/webview/page.js).
// Needs only Chromium and playwright-core, not code-server. Loaded with `node --import tsx` so the specs can use
// the extension's TypeScript modules (CSP builder, lesson renderer) as they are.
//
// Usage: node --import tsx test/harness/run-webview.js [--no-build]      Env: MOCHA_GREP, WEBVIEW_SCREENSHOTS=1
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { runSpecs, testSlug } = require('./mocha-layer');
const { ensureTools, repoRoot } = require('./tools');
const { launchChromium } = require('./browser');
const { evidenceDir, screenshot, printPaths } = require('./evidence');
const webview = require('../webview/page');

async function main() {
  const build = !process.argv.includes('--no-build');
  const t0 = Date.now();
  const tools = ensureTools({ codeServer: false });
  if (build) {
    const b = spawnSync(process.execPath, [path.join(repoRoot, 'esbuild.js')], { cwd: repoRoot, stdio: 'inherit' });
    if (b.status !== 0) throw new Error('`node esbuild.js` failed');
  }
  let browser = null;
  let failures = 1;
  let passes = 0;
  let evDir = null;
  const evidence = [];
  try {
    browser = await launchChromium(tools, { webgl: true });
    webview.setBrowser(browser);
    await webview.startServer();
    ({ passes, failures } = await runSpecs({
      dir: path.join(repoRoot, 'test', 'webview'),
      suffix: '.webview.js',
      timeoutMs: 60000,
      async afterEach(test) {
        if (test.state === 'failed' || process.env.WEBVIEW_SCREENSHOTS) {
          evDir = evDir || evidenceDir('webview');
          for (const [i, page] of webview.state.pages.entries()) {
            const shot = await screenshot(page, path.join(evDir, `${testSlug(test)}-${i + 1}.png`));
            if (shot) evidence.push(shot);
          }
          for (const [docPath, html] of webview.state.docs) fs.writeFileSync(path.join(evDir, `${docPath.slice(5)}.html`), html);
        }
        await webview.closePages();
      },
    }));
  } catch (e) {
    console.error(`[webview] ${e.stack || e.message}`);
    failures = Math.max(failures, 1);
  } finally {
    await webview.stopServer();
    if (browser) await browser.close().catch(() => {});
  }
  if (evidence.length) printPaths(failures ? 'webview failed; evidence saved' : 'screenshots (WEBVIEW_SCREENSHOTS)', evidence);
  console.log(`[webview] done in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  console.log(`[result] ${passes} passed, ${failures} failed`);
  return failures === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`[webview] ${e.message}`);
    process.exit(1);
  },
);
