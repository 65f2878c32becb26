// Builds the extension host bundle (dist/extension.js), one browser bundle per webview app
// (src/webviews/<name>/app/main.ts -> dist/webviews/<name>.js), and copies the static assets the webviews
// and scaffolding need (KaTeX CSS and fonts, TF.js type declarations) into dist/.
// Usage: node esbuild.js [--production] [--watch]
'use strict';
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const root = __dirname;
const dist = path.join(root, 'dist');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: 'linked',
};

function webviewApps() {
  const dir = path.join(root, 'src', 'webviews');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, 'app', 'main.ts')))
    .map((d) => ({ name: d.name, entry: path.join(dir, d.name, 'app', 'main.ts') }));
}

/** Copies a file or folder, creating parents; `filter` gets each file's path. */
function copy(from, to, filter = () => true) {
  const stat = fs.statSync(from);
  if (stat.isDirectory()) {
    for (const name of fs.readdirSync(from)) copy(path.join(from, name), path.join(to, name), filter);
  } else if (filter(from)) {
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(from, to);
  }
}

function copyAssets() {
  // KaTeX stylesheet and fonts for lesson math (rendered to HTML in the host, styled in the webview).
  const katex = path.dirname(require.resolve('katex/package.json'));
  copy(path.join(katex, 'dist', 'katex.min.css'), path.join(dist, 'katex', 'katex.min.css'));
  copy(path.join(katex, 'dist', 'fonts'), path.join(dist, 'katex', 'fonts'), (f) => f.endsWith('.woff2'));
  // Type declarations of every @tensorflow package, so scaffolded exercises get IntelliSense with no npm install.
  const tfRoot = path.join(root, 'node_modules', '@tensorflow');
  for (const pkg of fs.readdirSync(tfRoot)) {
    const from = path.join(tfRoot, pkg);
    const to = path.join(dist, 'types', '@tensorflow', pkg);
    copy(path.join(from, 'package.json'), path.join(to, 'package.json'));
    copy(path.join(from, 'dist'), path.join(to, 'dist'), (f) => f.endsWith('.d.ts') && !f.endsWith('_test.d.ts'));
  }
}

async function main() {
  fs.rmSync(dist, { recursive: true, force: true });
  copyAssets();
  const contexts = [
    await esbuild.context({
      ...common,
      entryPoints: { extension: path.join(root, 'src', 'extension.ts') },
      outdir: dist,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['vscode'],
    }),
    ...(await Promise.all(
      webviewApps().map((app) =>
        esbuild.context({
          ...common,
          entryPoints: { [app.name]: app.entry },
          outdir: path.join(dist, 'webviews'),
          platform: 'browser',
          format: 'iife',
          target: 'chrome120',
        }),
      ),
    )),
  ];
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    console.log('[esbuild] watching for changes…');
    return;
  }
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  console.log(`[esbuild] built ${contexts.length} bundle(s) into dist/${production ? ' (production)' : ''}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
