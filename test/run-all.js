// `npm test`: runs every test layer, prints each layer's counts and wall time, then the total line
// "N passed, N failed" alone on a line (CI reads it) and exits non-zero if anything failed.
//
// Layers: typecheck+lint, unit, exercises (when package.json has test:exercises), webview (Chromium),
// integration (extension host in code-server), e2e (packaged VSIX in code-server), harness (self-tests).
// The extension is built once, in production mode, before the layers that load it; they then skip their own build.
// Run one layer: `npm run test:<layer>`. Run a subset here: `node test/run-all.js unit integration`.
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

const repoRoot = path.resolve(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const scripts = pkg.scripts || {};

/**
 * @typedef {{ name: string, steps: string[][], needsBuild?: boolean, needsTools?: boolean, optional?: boolean,
 *   countSteps?: boolean }} Layer
 */
/** @type {Layer[]} */
const LAYERS = [
  { name: 'typecheck+lint', steps: [['npm', 'run', '-s', 'typecheck'], ['npm', 'run', '-s', 'lint']], countSteps: true },
  { name: 'unit', steps: [['npm', 'run', '-s', 'test:unit']] },
  { name: 'exercises', steps: [['npm', 'run', '-s', 'test:exercises']], optional: true },
  { name: 'webview', steps: [['npm', 'run', '-s', 'test:webview', '--', '--no-build']], needsBuild: true, needsTools: true },
  { name: 'integration', steps: [['npm', 'run', '-s', 'test:integration', '--', '--no-build']], needsBuild: true, needsTools: true },
  { name: 'e2e', steps: [['npm', 'run', '-s', 'test:e2e', '--', '--no-build']], needsBuild: true, needsTools: true },
  { name: 'harness', steps: [['npm', 'run', '-s', 'test:harness']], needsTools: true },
];

const TOOLS = ['node', 'test/harness/tools.js'];

/**
 * Runs a command and resolves with its exit code and captured output. Its output is echoed as it comes, unless
 * `quiet` (a step run in the background): then the caller prints `out` when it needs the result.
 */
function runStep(argv, { quiet = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), { cwd: repoRoot, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (!quiet) process.stdout.write(d);
    });
    child.stderr.on('data', (d) => {
      out += d;
      if (!quiet) process.stderr.write(d);
    });
    child.on('error', (e) => resolve({ code: 127, out: `${out}\n${e.message}` }));
    child.on('close', (code, signal) => resolve({ code: code === null ? `signal ${signal}` : code, out }));
  });
}

// eslint-disable-next-line no-control-regex
const stripAnsi = (s) => s.replace(/\x1b\[[0-9;]*m/g, '');

/**
 * Counts from a layer's output. Our own launchers print "[result] N passed, M failed"; mocha prints
 * "N passing" / "N failing"; node:test prints "# pass N" / "# fail N".
 */
function parseCounts(rawOut) {
  const out = stripAnsi(rawOut);
  // The last one: a launcher prints exactly one, at its end.
  const ours = [...out.matchAll(/^\[result\] (\d+) passed, (\d+) failed$/gm)].pop();
  if (ours) return { passed: Number(ours[1]), failed: Number(ours[2]) };
  const last = (re) => {
    const all = [...out.matchAll(re)];
    return all.length ? Number(all[all.length - 1][1]) : null;
  };
  const passing = last(/^\s*(\d+) passing\b/gm) ?? last(/^# pass (\d+)$/gm);
  const failing = last(/^\s*(\d+) failing\b/gm) ?? last(/^# fail (\d+)$/gm);
  if (passing === null && failing === null) return null;
  return { passed: passing || 0, failed: failing || 0 };
}

function banner(text) {
  console.log(`\n${'='.repeat(8)} ${text} ${'='.repeat(Math.max(8, 70 - text.length))}`);
}

async function main() {
  const only = process.argv.slice(2);
  const unknown = only.filter((n) => !LAYERS.some((l) => l.name === n));
  if (unknown.length) throw new Error(`unknown layer(s) ${unknown.join(', ')}; layers: ${LAYERS.map((l) => l.name).join(', ')}`);
  const selected = LAYERS.filter((l) => only.length === 0 || only.includes(l.name));
  const t0 = Date.now();
  const rows = [];
  const done = new Set();
  /** A preparation step shared by several layers: shown with its time, counted only when it fails. */
  const prepare = async (name, argv, what) => {
    if (done.has(name)) return;
    done.add(name);
    banner(`${name} (${argv.join(' ')})`);
    const s0 = Date.now();
    const early = background.get(name);
    let ok;
    if (early) {
      // Started in the background at the beginning: print what it said, and count only the time waited here.
      const { code, out } = await early.result;
      process.stdout.write(out);
      console.log(`[${name}] ran in the background for ${((early.finished - early.started) / 1000).toFixed(1)}s`);
      ok = code === 0;
    } else ok = (await runStep(argv)).code === 0;
    rows.push({ name, step: true, passed: 0, failed: ok ? 0 : 1, seconds: (Date.now() - s0) / 1000, note: ok ? '' : what });
  };
  // Installing the test tools (code-server, playwright-core) is mostly download and unpacking: start it now, while
  // the CPU-bound layers run, rather than after them.
  const background = new Map();
  if (selected.some((l) => l.needsTools) && selected.some((l) => !l.needsTools)) {
    const job = { started: Date.now(), finished: 0 };
    job.result = runStep(TOOLS, { quiet: true }).then((r) => ((job.finished = Date.now()), r));
    background.set('tools', job);
  }

  for (const layer of selected) {
    const scriptName = layer.steps[0][3];
    if (layer.optional && !scripts[scriptName]) {
      rows.push({ name: layer.name, skipped: `no "${scriptName}" script in package.json yet` });
      continue;
    }
    if (layer.needsBuild) await prepare('build', ['node', 'esbuild.js', '--production'], 'the extension does not build');
    if (layer.needsTools) await prepare('tools', TOOLS, 'the test tools could not be installed');
    banner(layer.name);
    const l0 = Date.now();
    let passed = 0;
    let failed = 0;
    const notes = [];
    for (const step of layer.steps) {
      const { code, out } = await runStep(step);
      const counts = layer.countSteps ? null : parseCounts(out);
      if (layer.countSteps) {
        if (code === 0) passed++;
        else {
          failed++;
          notes.push(`${step[3]} failed`);
        }
        continue;
      }
      if (counts) {
        passed += counts.passed;
        failed += counts.failed;
      }
      if (code !== 0 && (!counts || counts.failed === 0)) {
        failed++; // the layer broke before or after its tests (build, tool install, crash): count it
        notes.push(`exit ${code} without a failing test`);
      } else if (code === 0 && (!counts || counts.passed === 0)) {
        failed++; // a layer that ran no test proves nothing
        notes.push('no tests ran');
      }
    }
    rows.push({ name: layer.name, passed, failed, seconds: (Date.now() - l0) / 1000, note: notes.join('; ') });
  }

  banner('summary');
  let total = { passed: 0, failed: 0 };
  for (const r of rows) {
    if (r.skipped) {
      console.log(`  ${r.name.padEnd(15)} skipped: ${r.skipped}`);
      continue;
    }
    total = { passed: total.passed + r.passed, failed: total.failed + r.failed };
    const counts = r.step ? (r.failed ? 'FAILED' : 'ok') : `${r.passed} passed, ${r.failed} failed`;
    console.log(`  ${r.name.padEnd(15)} ${counts.padEnd(22)} ${r.seconds.toFixed(1).padStart(6)}s${r.note ? `  (${r.note})` : ''}`);
  }
  console.log(`  ${'wall time'.padEnd(15)} ${''.padEnd(22)} ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}s`);
  console.log(`${total.passed} passed, ${total.failed} failed`);
  return total.failed === 0 && total.passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e.message);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
