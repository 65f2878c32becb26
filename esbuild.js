// Builds the extension host bundle (dist/extension.js), one browser bundle per webview app
// (src/webviews/<name>/app/main.ts -> dist/webviews/<name>.js) and per Web Worker of an app
// (src/webviews/<name>/app/<worker>.worker.ts -> dist/webviews/<name>-<worker>.js), the grader (dist/grading/worker.js, the CLI's
// dist/grading/cli.js and one bundle of hidden tests per exercise, dist/grading/tests/<chapter>/<slug>.js), and
// copies the static assets the webviews and scaffolding need (KaTeX CSS and fonts, TF.js type declarations).
// Usage: node esbuild.js [--production] [--watch]. Tests require() it for buildGrading().
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
    .flatMap((d) => {
      const app = path.join(dir, d.name, 'app');
      const workers = fs.readdirSync(app).filter((f) => f.endsWith('.worker.ts'));
      return [
        { name: d.name, entry: path.join(app, 'main.ts') },
        ...workers.map((f) => ({ name: `${d.name}-${f.slice(0, -'.worker.ts'.length)}`, entry: path.join(app, f) })),
      ];
    });
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

/** Every `<chapter>/<slug>/tests/` folder under `exercisesDir` that holds `*<suffix>` (`*.test.ts`) files. */
function hiddenTestSuites(exercisesDir, suffix) {
  const suites = [];
  for (const chapter of fs.readdirSync(exercisesDir, { withFileTypes: true })) {
    if (!chapter.isDirectory()) continue;
    for (const ex of fs.readdirSync(path.join(exercisesDir, chapter.name), { withFileTypes: true })) {
      const testsDir = path.join(exercisesDir, chapter.name, ex.name, 'tests');
      if (!ex.isDirectory() || !fs.existsSync(testsDir)) continue;
      const files = fs.readdirSync(testsDir).filter((f) => f.endsWith(suffix)).sort();
      if (files.length) suites.push({ chapter: chapter.name, slug: ex.name, testsDir, files });
    }
  }
  return suites;
}

/**
 * esbuild contexts for the grader: the worker (mocha and sucrase bundled in, so the VSIX needs no node_modules
 * for them), the CLI, and the hidden tests — all test files of one exercise in one bundle, the authoring kit
 * inlined, `@tensorflow/*` left to the worker's resolution so tests and learner code share one TF.js.
 */
async function gradingContexts({ outDir, exercisesDir, production: prod = false, suffix = '.test.ts' }) {
  const node = { ...common, minify: prod, sourcemap: false, platform: 'node', format: 'cjs', target: 'node20' };
  const grading = path.join(outDir, 'grading');
  const core = await esbuild.context({
    ...node,
    entryPoints: {
      worker: path.join(root, 'src', 'grading', 'worker.ts'),
      'typecheck-thread': path.join(root, 'src', 'grading', 'typecheck-thread.ts'),
      cli: path.join(root, 'src', 'grading', 'cli.ts'),
    },
    outdir: grading,
    // mocha's parallel mode (never used here) resolves files at run time.
    logOverride: { 'require-resolve-not-external': 'silent' },
  });
  const suites = await Promise.all(
    hiddenTestSuites(exercisesDir, suffix).map(async (s) => ({
      id: `${s.chapter}/${s.slug}`,
      context: await esbuild.context({
        ...node,
        stdin: { contents: s.files.map((f) => `require(${JSON.stringify('./' + f)});`).join('\n'), resolveDir: s.testsDir, sourcefile: `${s.chapter}/${s.slug}/tests` },
        outfile: path.join(grading, 'tests', s.chapter, `${s.slug}.js`),
        external: ['@tensorflow/*', 'mocha'],
      }),
    })),
  );
  return { core, suites };
}

/**
 * Builds the grader into `outDir`/grading (the unit tests, the integrity check and the bench build into a temp
 * folder). Options: { outDir, exercisesDir, production?, suffix? } — `suffix` names hidden test files (default
 * .test.ts). Rejects if the worker or the CLI does not build; an exercise whose hidden tests do not build is
 * returned in `failures` ({ id, message }), so a caller can fail that exercise by its id.
 */
async function buildGrading(options) {
  const { core, suites } = await gradingContexts(options);
  try {
    await core.rebuild();
    const settled = await Promise.allSettled(suites.map((s) => s.context.rebuild()));
    const failures = [];
    settled.forEach((r, i) => r.status === 'rejected' && failures.push({ id: suites[i].id, message: String(r.reason && r.reason.message) }));
    return { failures };
  } finally {
    await Promise.all([core, ...suites.map((s) => s.context)].map((c) => c.dispose()));
  }
}

/**
 * TF.js for the grader's worker processes: the VSIX ships no node_modules, so `@tensorflow/tfjs` (its Node entry,
 * cpu backend) is bundled into dist/runtime/node_modules/@tensorflow/tfjs, where the worker's bare-import fallback
 * finds it. Learner code and hidden tests then share this one copy.
 */
async function tfjsRuntimeContext() {
  const pkgDir = path.join(dist, 'runtime', 'node_modules', '@tensorflow', 'tfjs');
  const { version } = require('@tensorflow/tfjs/package.json');
  fs.mkdirSync(pkgDir, { recursive: true });
  fs.writeFileSync(path.join(pkgDir, 'package.json'), `${JSON.stringify({ name: '@tensorflow/tfjs', version, main: 'index.js' }, null, 2)}\n`);
  return esbuild.context({
    ...common,
    sourcemap: false,
    entryPoints: { index: require.resolve('@tensorflow/tfjs') },
    outdir: pkgDir,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  });
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
    ...(await gradingContexts({ outDir: dist, exercisesDir: path.join(root, 'exercises'), production }).then((g) => [g.core, ...g.suites.map((s) => s.context)])),
    await tfjsRuntimeContext(),
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

module.exports = { buildGrading };

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
