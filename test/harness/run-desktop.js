// Launcher 2 of the integration suite, for contributors whose machines can download VS Code: the same
// test/integration suite in desktop VS Code (Electron) through @vscode/test-electron's runTests.
// CI here has no route to Microsoft's update server; it uses run-integration.js (code-server) instead.
//
// Usage: node test/harness/run-desktop.js [--no-build]     Env: VSCODE_DESKTOP_VERSION (default "stable"), MOCHA_GREP
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { runTests } = require('@vscode/test-electron');
const { buildIntegrationTests } = require('./build-tests');
const { repoRoot } = require('./tools');

async function main() {
  if (!process.argv.includes('--no-build')) {
    const b = spawnSync(process.execPath, [path.join(repoRoot, 'esbuild.js')], { cwd: repoRoot, stdio: 'inherit' });
    if (b.status !== 0) throw new Error('`node esbuild.js` failed: the extension does not build');
  }
  const { index } = await buildIntegrationTests();
  // @vscode/test-electron keeps its downloads in .vscode-test/ (git-ignored); the scratch workspace goes there too.
  const scratch = fs.mkdtempSync(path.join(repoRoot, '.vscode-test', 'run-'));
  const workspace = path.join(scratch, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  const resultFile = path.join(scratch, 'result.json');
  let code = 1;
  try {
    code = await runTests({
      version: process.env.VSCODE_DESKTOP_VERSION || 'stable',
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: index,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', path.join(scratch, 'user-data')],
      extensionTestsEnv: { LLMF_TEST_RESULT_FILE: resultFile, ...(process.env.MOCHA_GREP ? { MOCHA_GREP: process.env.MOCHA_GREP } : {}) },
    });
  } catch (e) {
    const offline = /ENOTFOUND|ECONNREFUSED|EAI_AGAIN|getaddrinfo|timed out/i.test(String(e && (e.message || e)));
    console.error(`[desktop] ${e && (e.message || e)}`);
    if (offline) console.error('[desktop] could not download VS Code: no internet here? `npm run test:integration` runs the same suite in code-server.');
    code = 1;
  }
  if (fs.existsSync(resultFile)) {
    const r = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
    for (const f of r.failed) console.log(`  FAILED: ${f.title}\n    ${f.error.split('\n').slice(0, 6).join('\n    ')}`);
    console.log(`[result] ${r.passed.length} passed, ${r.failed.length} failed`);
  }
  fs.rmSync(scratch, { recursive: true, force: true });
  return code;
}

fs.mkdirSync(path.join(repoRoot, '.vscode-test'), { recursive: true });
main().then(
  (code) => process.exit(code === 0 ? 0 : 1),
  (e) => {
    console.error(`[desktop] ${e.message}`);
    process.exit(1);
  },
);
