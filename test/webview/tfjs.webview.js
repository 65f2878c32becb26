// Platform check for every TF.js visualizer: TF.js bundled from its ES modules runs on WebGL in Chromium under the
// extension's strict CSP (scripts by nonce only, no 'unsafe-eval') and agrees with the cpu backend.
'use strict';
const assert = require('assert');
const { openWebview, bundle } = require('./page');
const { waitFor } = require('../harness/wait');

describe('TF.js in a webview', () => {
  it('multiplies matrices on the WebGL backend under the strict CSP, matching the cpu backend', async () => {
    const script = await bundle('test/webview/fixtures/tf-matmul.ts');
    const view = await openWebview({ title: 'TF.js check', scripts: [script], body: '<main id="app"></main>' });
    const csp = await view.page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.doesNotMatch(csp, /unsafe-eval/, 'the document under test must not allow eval');
    assert.match(csp, /script-src 'nonce-[^']+';/, 'scripts must be allowed by nonce only');
    const report = await waitFor(() => view.page.evaluate(() => window.matMulReport), { timeoutMs: 60000, what: 'the matMul report' });
    assert.strictEqual(report.error, undefined, `the page script failed: ${report.error}`);
    assert.strictEqual(report.backend, 'webgl', 'TF.js should select the WebGL backend');
    assert.ok(report.webglVersion >= 1, `WEBGL_VERSION ${report.webglVersion}`);
    assert.ok(report.maxAbsDiff < 1e-3, `webgl and cpu results differ by up to ${report.maxAbsDiff}`);
    // TF.js's dependency `long` probes WebAssembly once inside a try/catch and falls back to JavaScript; the CSP
    // (rightly: no 'wasm-unsafe-eval') blocks the probe and Chromium reports it. Any other report is a failure.
    const problems = (await view.problems()).filter((p) => !/^CSP: script-src blocked wasm-eval /.test(p));
    assert.deepStrictEqual(problems, [], 'CSP violations or errors in the page');
  });
});
