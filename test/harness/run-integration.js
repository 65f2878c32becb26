// Launcher 1 of the integration suite: runs test/integration (mocha inside the extension host, real `vscode`
// API) in code-server, the way @vscode/test-electron does on a desktop: the workbench URL carries a payload with
// extensionDevelopmentPath and extensionTestsPath, and the workbench calls window.codeAutomationExit(code) when
// the suite ends — only that exit code is trusted (the server log says 0 either way).
//
// Usage: node test/harness/run-integration.js [--no-build] [--extension <dir>] [--suite <index.js>]
//   --extension/--suite run another extension or suite (the harness self-test uses a deliberately failing one).
// Env: MOCHA_GREP, TEST_TIMEOUT_MS (default 180000), VERBOSE=1 (all page console output), VSCODE_VERSION=latest.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const util = require('util');
const { ensureTools, repoRoot } = require('./tools');
const { createRun } = require('./code-server');
const { launchChromium } = require('./browser');
const { buildIntegrationTests } = require('./build-tests');
const { evidenceDir, collectRunLogs, screenshot, printPaths } = require('./evidence');

// Extension-host messages that are not the suite's output (connection set-up, the unreachable marketplace).
const NOISE = /^(Resolving connection|Resolved connection|Creating a socket|Updating additional builtin|\[Service Worker\]|ChatSessionStore|getaddrinfo ENOTFOUND|WARNING: IPC handle|\[Extension Host\]|\[ChatModelSelection\]|\[AccountPolicyGate\])/;

function parseArgs(argv) {
  const opts = { build: true, extension: repoRoot, suite: null };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--no-build') opts.build = false;
    else if (argv[i] === '--extension') opts.extension = path.resolve(argv[++i]);
    else if (argv[i] === '--suite') opts.suite = path.resolve(argv[++i]);
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return opts;
}

/** Turns a forwarded extension-host console message ('%c…', css, fmt, …args) back into text. */
async function consoleText(msg) {
  let args;
  try {
    args = await Promise.all(msg.args().map((a) => a.jsonValue()));
  } catch {
    args = [msg.text()];
  }
  const fromExtHost = typeof args[0] === 'string' && args[0].startsWith('%c');
  if (fromExtHost) args = args.slice(2);
  return { fromExtHost, text: util.format(...args) };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const t0 = Date.now();
  const tools = ensureTools();
  if (opts.build && opts.extension === repoRoot) {
    const b = spawnSync(process.execPath, [path.join(repoRoot, 'esbuild.js')], { cwd: repoRoot, stdio: 'inherit' });
    if (b.status !== 0) throw new Error('`node esbuild.js` failed: the extension does not build');
  }
  const suite = opts.suite || (await buildIntegrationTests()).index;

  const run = createRun(tools, 'integration');
  const resultFile = path.join(run.dir, 'result.json');
  let browser = null;
  let page = null;
  let exitCode = 1;
  let result = null;
  try {
    await run.start({ LLMF_TEST_RESULT_FILE: resultFile });
    console.log(`[integration] run ${run.id}: pgid ${run.pgid}`); // the self-test reads this line
    browser = await launchChromium(tools);
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    let finish;
    const finished = new Promise((r) => (finish = r));
    await page.exposeFunction('codeAutomationExit', (code) => finish({ code }));
    page.on('crash', () => finish({ code: 'page crashed' }));
    page.on('console', async (m) => {
      const { fromExtHost, text } = await consoleText(m);
      if (process.env.VERBOSE || (fromExtHost && !NOISE.test(text))) console.log(text);
    });
    const remote = (p) => `vscode-remote://127.0.0.1:${run.port}${p}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(opts.extension)],
      ['extensionTestsPath', remote(suite)],
    ]);
    await page.goto(`${run.url}/?folder=${encodeURIComponent(run.dirs.workspace)}&payload=${encodeURIComponent(payload)}`);
    const timeoutMs = Number(process.env.TEST_TIMEOUT_MS || 180000);
    let timer;
    const outcome = await Promise.race([
      finished,
      new Promise((r) => (timer = setTimeout(() => r({ code: `no result after ${timeoutMs} ms` }), timeoutMs))),
    ]);
    clearTimeout(timer);
    if (fs.existsSync(resultFile)) result = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
    exitCode = outcome.code === 0 && result && result.failed.length === 0 ? 0 : 1;
    console.log(`[integration] codeAutomationExit: ${outcome.code} after ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  } catch (e) {
    console.error(`[integration] ${e.stack || e.message}`);
    exitCode = 1;
  } finally {
    if (exitCode !== 0) {
      const dir = evidenceDir('integration');
      const files = [];
      if (page) {
        const shot = await screenshot(page, path.join(dir, 'workbench.png'));
        if (shot) files.push(shot);
      }
      if (result) fs.writeFileSync(path.join(dir, 'result.json'), JSON.stringify(result, null, 2));
      await run.stop(); // logs are complete once the server is down
      files.push(...collectRunLogs(run, dir));
      printPaths('integration failed; evidence saved', files);
    }
    if (browser) await browser.close().catch(() => {});
    await run.stop();
    run.cleanup(); // what matters of a failed run was copied to .test-evidence/ above
  }
  if (result) {
    for (const f of result.failed) console.log(`  FAILED: ${f.title}\n    ${f.error.split('\n').slice(0, 6).join('\n    ')}`);
    console.log(`[result] ${result.passed.length} passed, ${result.failed.length} failed`);
  } else {
    console.log('[integration] the suite did not report a result (see the evidence above)');
  }
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`[integration] ${e.message}`);
    process.exit(1);
  },
);
