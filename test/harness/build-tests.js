// Bundles the extension-host suite: test/integration/index.ts and every test/integration/*.test.ts into
// out/test/integration/ (CommonJS for the extension host's Node; `vscode` and `mocha` stay external).
'use strict';
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');
const { repoRoot } = require('./tools');

const srcDir = path.join(repoRoot, 'test', 'integration');
const outDir = path.join(repoRoot, 'out', 'test', 'integration');

async function buildIntegrationTests() {
  const entries = fs.readdirSync(srcDir).filter((f) => f === 'index.ts' || f.endsWith('.test.ts'));
  fs.rmSync(outDir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: entries.map((f) => path.join(srcDir, f)),
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return { index: path.join(outDir, 'index.js'), tests: entries.filter((f) => f !== 'index.ts') };
}

module.exports = { buildIntegrationTests, outDir };

if (require.main === module) {
  buildIntegrationTests().then(
    (r) => console.log(`[build-tests] ${r.tests.length} integration test file(s) -> ${path.relative(repoRoot, outDir)}/`),
    (e) => {
      console.error(e.message);
      process.exit(1);
    },
  );
}
