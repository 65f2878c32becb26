// UI end-to-end layer: builds the extension in production mode, packages the VSIX with vsce, installs it into
// code-server with --install-extension, and runs test/e2e/*.e2e.js (mocha, in this process) against the
// workbench in headless Chromium. Failures leave screenshots of every open page and the logs in .test-evidence/.
//
// Usage: node test/harness/run-e2e.js [--no-build] [--vsix <file>]
// Env: MOCHA_GREP, E2E_SCREENSHOTS=1 (screenshot after every test, not only failures), VSCODE_VERSION=latest.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { ensureTools, repoRoot } = require('./tools');
const { createRun } = require('./code-server');
const { launchChromium } = require('./browser');
const { evidenceDir, collectRunLogs, screenshot, printPaths } = require('./evidence');
const { runSpecs, testSlug } = require('./mocha-layer');
const workbench = require('../e2e/workbench');

const MAX_VSIX_BYTES = 50 * 1024 * 1024; // a bigger VSIX means the tools folder or node_modules slipped in

function parseArgs(argv) {
  const opts = { build: true, vsix: null };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--no-build') opts.build = false;
    else if (argv[i] === '--vsix') opts.vsix = path.resolve(argv[++i]);
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return opts;
}

function step(cmd, args, what) {
  const r = spawnSync(cmd, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r;
}

// Not copied into the packaging snapshot: tools, caches, build outputs of the tests, VCS data.
const NOT_PACKAGED = new Set(['.git', 'node_modules', '.vscode-test-server', '.vscode-test', '.test-evidence', 'out']);

/**
 * Packages the extension the way a release does (vsce, the repo's .vscodeignore when there is one), from a
 * snapshot of the working tree: a colleague's `npm run watch` rebuilding dist/ mid-package can't break it.
 */
function packageVsix(stagingDir, outFile) {
  fs.mkdirSync(stagingDir, { recursive: true });
  for (const name of fs.readdirSync(repoRoot)) {
    if (NOT_PACKAGED.has(name) || name.endsWith('.vsix')) continue;
    fs.cpSync(path.join(repoRoot, name), path.join(stagingDir, name), { recursive: true });
  }
  // vsce runs the manifest's `vscode:prepublish` script (a production build) in the snapshot: it needs the tools.
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(stagingDir, 'node_modules'), 'dir');
  const args = ['package', '--no-dependencies', '--out', outFile];
  if (!fs.existsSync(path.join(repoRoot, '.vscodeignore'))) {
    console.log('[e2e] no .vscodeignore in the repository yet: packaging with test/harness/vscodeignore.fallback');
    args.push('--ignoreFile', path.join(__dirname, 'vscodeignore.fallback'));
  }
  if (!fs.existsSync(path.join(repoRoot, 'LICENSE'))) args.push('--skip-license');
  const r = spawnSync(path.join(repoRoot, 'node_modules', '.bin', 'vsce'), args, { cwd: stagingDir, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`vsce package failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  fs.rmSync(stagingDir, { recursive: true, force: true });
  const size = fs.statSync(outFile).size;
  if (size > MAX_VSIX_BYTES) throw new Error(`the VSIX is ${(size / 1e6).toFixed(0)} MB: check .vscodeignore (node_modules/, .vscode-test-server/?)`);
  console.log(`[e2e] packaged ${path.relative(repoRoot, outFile)} (${(size / 1e6).toFixed(1)} MB)`);
  return outFile;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const t0 = Date.now();
  const tools = ensureTools();
  const run = createRun(tools, 'e2e');
  let browser = null;
  const pages = [];
  const extraRuns = []; // runs a spec starts for itself (e.g. with Workspace Trust on); stopped below
  const evidence = [];
  let evDir = null;
  const ensureEvidenceDir = () => (evDir = evDir || evidenceDir('e2e'));
  let failures = 1;
  let passes = 0;
  try {
    if (opts.build) step(process.execPath, [path.join(repoRoot, 'esbuild.js'), '--production'], 'node esbuild.js --production');
    const k0 = Date.now();
    const vsix = opts.vsix || packageVsix(path.join(run.dir, 'package'), path.join(run.dir, 'extension.vsix'));
    if (!opts.vsix) console.log(`[e2e] vsce package took ${((Date.now() - k0) / 1000).toFixed(1)}s`);
    const p0 = Date.now();
    run.cli(['--install-extension', vsix]);
    console.log(`[e2e] installed ${path.basename(vsix)} into code-server in ${((Date.now() - p0) / 1000).toFixed(1)}s`);
    await run.start();
    browser = await launchChromium(tools);
    workbench.setContext({ run, browser, pages, tools, extraRuns });

    ({ passes, failures } = await runSpecs({
      dir: path.join(repoRoot, 'test', 'e2e'),
      suffix: '.e2e.js',
      timeoutMs: 90000,
      async afterEach(test) {
        if (test.state !== 'failed' && !process.env.E2E_SCREENSHOTS) return;
        for (const [i, page] of pages.entries()) {
          const shot = await screenshot(page, path.join(ensureEvidenceDir(), `${testSlug(test)}${pages.length > 1 ? `-${i + 1}` : ''}.png`));
          if (shot) evidence.push(shot);
        }
      },
    }));
  } catch (e) {
    console.error(`[e2e] ${e.stack || e.message}`);
    failures = Math.max(failures, 1);
  } finally {
    if (browser) await browser.close().catch(() => {});
    for (const extra of extraRuns) await extra.stop();
    await run.stop();
    if (failures > 0) {
      evidence.push(...collectRunLogs(run, ensureEvidenceDir()));
      printPaths('e2e failed; evidence saved', evidence);
    } else if (evidence.length) {
      printPaths('screenshots (E2E_SCREENSHOTS)', evidence);
    }
    for (const extra of extraRuns) extra.cleanup();
    run.cleanup(); // what matters of a failed run was copied to .test-evidence/ above
  }
  console.log(`[e2e] done in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  console.log(`[result] ${passes} passed, ${failures} failed`);
  return failures === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`[e2e] ${e.message}`);
    process.exit(1);
  },
);
