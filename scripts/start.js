#!/usr/bin/env node
// `npm start`: builds the extension and opens the course in VS Code.
//   - desktop VS Code when `code` is on PATH: a window with the extension loaded from this checkout;
//   - otherwise the embedded browser-based VS Code (code-server, installed on first use into .vscode-test-server/),
//     with the packaged extension installed, served on 127.0.0.1 only.
// The course folder is ~/llm-foundations-course (LLMF_COURSE_DIR to change it). Set LLMF_USE_CODE_SERVER=1 to
// use code-server even when `code` exists; PORT to pick its port (default 8080).
'use strict';
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const repoRoot = path.resolve(__dirname, '..');
const courseDir = path.resolve(process.env.LLMF_COURSE_DIR || path.join(os.homedir(), 'llm-foundations-course'));

function run(cmd, args, what) {
  const r = spawnSync(cmd, args, { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`\n${what} failed (exit ${r.status}).`);
    process.exit(r.status || 1);
  }
}

function onPath(cmd) {
  return (process.env.PATH || '').split(path.delimiter).some((dir) => dir && fs.existsSync(path.join(dir, cmd)));
}

function ensureDependencies() {
  if (fs.existsSync(path.join(repoRoot, 'node_modules', '.package-lock.json'))) return;
  console.log('[start] installing npm dependencies (first run only)…');
  run('npm', ['ci', '--no-audit', '--no-fund'], 'npm ci');
}

function openDesktop() {
  run(process.execPath, ['esbuild.js'], 'The build');
  console.log(`[start] opening ${courseDir} in VS Code with LLM Foundations loaded from this checkout`);
  const r = spawnSync('code', [`--extensionDevelopmentPath=${repoRoot}`, courseDir], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

async function openCodeServer() {
  // The same pinned code-server the test suite uses (test/harness/tools.js installs it once).
  const { ensureTools } = require('../test/harness/tools');
  const tools = ensureTools();
  run(process.execPath, ['esbuild.js', '--production'], 'The build');
  const home = path.join(repoRoot, '.vscode-test-server', 'course');
  const vsix = path.join(home, 'llm-foundations.vsix');
  fs.mkdirSync(path.join(home, 'user-data', 'User'), { recursive: true });
  run(path.join(repoRoot, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--out', vsix], 'Packaging the VSIX');
  const settings = path.join(home, 'user-data', 'User', 'settings.json');
  if (!fs.existsSync(settings)) {
    fs.writeFileSync(settings, JSON.stringify({ 'telemetry.telemetryLevel': 'off', 'extensions.autoCheckUpdates': false, 'update.mode': 'none' }, null, 2));
  }
  fs.writeFileSync(path.join(home, 'config.yaml'), '');
  const base = [tools.codeServerEntry, '--config', path.join(home, 'config.yaml'), '--user-data-dir', path.join(home, 'user-data'), '--extensions-dir', path.join(home, 'extensions')];
  run(tools.node, [...base, '--install-extension', vsix, '--force'], 'Installing the VSIX into code-server');
  const port = Number(process.env.PORT || 8080);
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(courseDir)}`;
  const child = spawn(
    tools.node,
    [...base, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override'],
    { stdio: 'inherit' },
  );
  const stop = () => child.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  console.log(`\n[start] LLM Foundations is running in code-server ${tools.codeServerVersion}. Open:\n\n    ${url}\n\n[start] Ctrl+C stops it.\n`);
  if (process.env.DISPLAY && onPath('xdg-open')) spawn('xdg-open', [url], { stdio: 'ignore', detached: true }).unref();
  child.on('exit', (code) => process.exit(code ?? 0));
}

ensureDependencies();
fs.mkdirSync(courseDir, { recursive: true });
if (onPath('code') && process.env.LLMF_USE_CODE_SERVER !== '1') openDesktop();
else
  openCodeServer().catch((e) => {
    console.error(`[start] ${e.message}`);
    process.exit(1);
  });
