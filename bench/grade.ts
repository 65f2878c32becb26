// `npm run bench:grade`: how long a learner waits for results. Median time from the request to the results for
// a from-scratch exercise (neural-networks/matrix-ops, its reference solution), through the grading engine with a
// warm worker pool, side by side in the same run with the same hidden tests run by a cold `npx mocha
// --import=tsx` process — interleaved, so machine noise hits both alike. Also: the engine with no pool (a cold
// fork per run), the engine configured as the extension configures it (TF.js preloaded, the type check on), peak
// RSS of the test processes, how fast a cancel ends a run stuck in an infinite loop, and a TF.js exercise
// (transformer/attention) through the extension's configuration against cold mocha.
// Goal (issue 4): ≤ 300 ms median through the engine and ≥ 5× faster than cold mocha.
//
// Usage: npm run bench:grade [-- --runs 15]

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { GradableExercise } from '../src/grading';
import { Grader } from '../src/grading';

const ROOT = path.resolve(__dirname, '..');
const EXERCISE: GradableExercise = { id: 'neural-networks/matrix-ops', chapter: 'neural-networks', slug: 'matrix-ops', timeoutMs: 10_000 };
const EX_DIR = path.join(ROOT, 'exercises', EXERCISE.chapter, EXERCISE.slug);
const SOLUTION = path.join(EX_DIR, 'solution');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 15;
const TIME = '/usr/bin/time';
/** The extension type-checks with VS Code's TypeScript; the bench uses the clone's, the same compiler. */
const TYPE_CHECK = { typescript: path.join(ROOT, 'node_modules', 'typescript'), typeRoots: [path.join(ROOT, 'node_modules')] };

// eslint-disable-next-line @typescript-eslint/no-require-imports -- esbuild.js is the build script itself (CommonJS)
const { buildGrading } = require(path.join(ROOT, 'esbuild.js')) as {
  buildGrading(o: { outDir: string; exercisesDir: string; production?: boolean }): Promise<{ failures: Array<{ id: string; message: string }> }>;
};

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(0.9 * xs.length) - 1)];
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
const ms = (x: number) => `${x.toFixed(0)} ms`;

/**
 * One cold `npx mocha` run of hidden tests (`spec`, default matrix-ops') against `learnerDir`; wall time and the
 * peak RSS GNU time reports (KiB), if it exists.
 */
function coldMocha(
  spec = `exercises/${EXERCISE.chapter}/${EXERCISE.slug}/tests/*.test.ts`,
  learnerDir = SOLUTION,
  env: NodeJS.ProcessEnv = {},
): Promise<{ ms: number; rssKb?: number; ok: boolean }> {
  const hasTime = fs.existsSync(TIME);
  const rssFile = path.join(os.tmpdir(), `llmf-bench-rss-${process.pid}`);
  const mocha = ['npx', 'mocha', '--no-config', '--no-package', '--import=tsx', '--reporter', 'dot', spec];
  const argv = hasTime ? [TIME, '-f', '%M', '-o', rssFile, ...mocha] : mocha;
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), { cwd: ROOT, env: { ...process.env, ...env, LLMF_LEARNER_DIR: learnerDir }, stdio: 'ignore' });
    child.on('close', (code) => {
      const elapsed = performance.now() - t0;
      const rssKb = hasTime && fs.existsSync(rssFile) ? Number(fs.readFileSync(rssFile, 'utf8').trim().split('\n').pop()) : undefined;
      resolve({ ms: elapsed, ok: code === 0, ...(rssKb ? { rssKb } : {}) });
    });
  });
}

/**
 * TF.js: a real TF.js exercise (transformer/attention, its reference solution) through the engine configured as
 * the extension configures it (TF.js preloaded in the pooled worker, the type check on), against cold mocha, which
 * loads TF.js on every run.
 */
async function benchTfjs(distDir: string, runs: number) {
  const exercise: GradableExercise = { id: 'transformer/attention', chapter: 'transformer', slug: 'attention', timeoutMs: 30_000, files: ['attention.ts'] };
  const learnerDir = path.join(ROOT, 'exercises', 'transformer', 'attention', 'solution');
  const grader = new Grader({ distDir, pool: 1, modulePaths: [ROOT], preload: ['@tensorflow/tfjs'], typeCheck: TYPE_CHECK });
  const rows = { engine: [] as number[], mocha: [] as number[] };
  const rss = { engine: [] as number[], mocha: [] as number[] };
  try {
    await grader.grade(exercise, learnerDir);
    for (let i = 0; i < runs; i++) {
      await grader.warm();
      const t0 = performance.now();
      const r = await grader.grade(exercise, learnerDir);
      rows.engine.push(performance.now() - t0);
      if (r.status !== 'pass') throw new Error(`the engine did not pass the TF.js reference: ${JSON.stringify(r).slice(0, 500)}`);
      if (r.peakRssKb) rss.engine.push(r.peakRssKb);
      const m = await coldMocha('exercises/transformer/attention/tests/*.test.ts', learnerDir);
      if (!m.ok) throw new Error('cold mocha did not pass the TF.js reference');
      rows.mocha.push(m.ms);
      if (m.rssKb) rss.mocha.push(m.rssKb);
    }
  } finally {
    grader.dispose();
  }
  return { rows, rss };
}

async function main() {
  const distDir = fs.mkdtempSync(path.join(os.tmpdir(), 'llmf-bench-dist-'));
  await buildGrading({ outDir: distDir, exercisesDir: path.join(ROOT, 'exercises'), production: true });
  const warm = new Grader({ distDir, pool: 1 });
  const cold = new Grader({ distDir, pool: 0 });
  // As the extension runs it: the type-check thread (pre-warmed in the pooled worker) and TF.js preloaded.
  const extension = new Grader({ distDir, pool: 1, modulePaths: [ROOT], preload: ['@tensorflow/tfjs'], typeCheck: TYPE_CHECK });
  const checked = { ...EXERCISE, files: ['matrix.ts'] };
  const loopDir = fs.mkdtempSync(path.join(os.tmpdir(), 'llmf-bench-loop-'));
  fs.writeFileSync(path.join(loopDir, 'matrix.ts'), 'export function matmul(): number[][] {\n  for (;;) {}\n}\nexport const transpose = matmul;\n');
  const rows = { warm: [] as number[], extension: [] as number[], cold: [] as number[], mocha: [] as number[], cancel: [] as number[] };
  const rss = { engine: [] as number[], mocha: [] as number[] };
  const pids = new Set<number>();
  const notePids = () => [...warm.processes, ...cold.processes].forEach((p) => pids.add(p));
  let runs = 0;
  try {
    // One untimed run each, so disk caches are equally warm for both sides.
    await warm.grade(EXERCISE, SOLUTION);
    await extension.grade(checked, SOLUTION);
    await coldMocha();
    for (let i = 0; i < RUNS; i++) {
      // A learner edits between runs; the pool refills meanwhile. warm() waits for that, outside the timing.
      await warm.warm();
      notePids();
      let t0 = performance.now();
      const r = await warm.grade(EXERCISE, SOLUTION);
      runs++;
      rows.warm.push(performance.now() - t0);
      if (r.status !== 'pass') throw new Error(`the engine did not pass the solution: ${JSON.stringify(r).slice(0, 500)}`);
      if (r.peakRssKb) rss.engine.push(r.peakRssKb);

      await extension.warm();
      t0 = performance.now();
      const e = await extension.grade(checked, SOLUTION);
      rows.extension.push(performance.now() - t0);
      if (e.status !== 'pass') throw new Error(`the extension's engine did not pass the solution: ${JSON.stringify(e).slice(0, 500)}`);

      const m = await coldMocha();
      if (!m.ok) throw new Error('cold mocha did not pass the solution');
      rows.mocha.push(m.ms);
      if (m.rssKb) rss.mocha.push(m.rssKb);

      t0 = performance.now();
      const coldRun = cold.grade(EXERCISE, SOLUTION);
      notePids();
      await coldRun;
      rows.cold.push(performance.now() - t0);
      runs++;

      if (i < 5) {
        await warm.warm();
        const controller = new AbortController();
        const stuck = warm.grade({ ...EXERCISE, timeoutMs: 60_000 }, loopDir, controller.signal);
        runs++;
        await new Promise((res) => setTimeout(res, 300));
        notePids();
        t0 = performance.now();
        controller.abort();
        await stuck;
        rows.cancel.push(performance.now() - t0);
      }
    }
  } finally {
    warm.dispose();
    cold.dispose();
    extension.dispose();
    fs.rmSync(loopDir, { recursive: true, force: true });
  }
  let tf: Awaited<ReturnType<typeof benchTfjs>>;
  try {
    tf = await benchTfjs(distDir, Math.min(RUNS, 7));
  } finally {
    fs.rmSync(distDir, { recursive: true, force: true });
  }

  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  await new Promise((res) => setTimeout(res, 500));
  const left = [...pids].filter(alive);
  const ratio = median(rows.mocha) / median(rows.warm);
  const line = (name: string, xs: number[], extra = '') => console.log(`${name.padEnd(44)} median ${ms(median(xs)).padStart(7)}   p90 ${ms(p90(xs)).padStart(7)}${extra}`);
  console.log(`\nbench:grade — ${EXERCISE.id}, reference solution, ${RUNS} runs each, interleaved; ${os.cpus().length} CPUs, Node ${process.version}\n`);
  line('engine, warm worker pool (the extension)', rows.warm, rss.engine.length ? `   peak RSS ${mb(median(rss.engine))}` : '');
  line('engine as the extension runs it (+ type check)', rows.extension);
  line('engine, cold fork per run (pool: 0)', rows.cold);
  line('cold `npx mocha --import=tsx`', rows.mocha, rss.mocha.length ? `   peak RSS ${mb(median(rss.mocha))}` : '');
  line('cancel of a run stuck in an infinite loop', rows.cancel);
  console.log(`worker processes: ${pids.size} seen over ${runs} engine runs, ${left.length} left after dispose()`);
  const asShipped = median(rows.mocha) / median(rows.extension);
  console.log(`\nwarm engine vs cold mocha: ${ratio.toFixed(1)}× faster; median ${ms(median(rows.warm))}`);
  console.log(`as the extension runs it (+ type check) vs cold mocha: ${asShipped.toFixed(1)}× faster (goal ≥ 5×); median ${ms(median(rows.extension))} (goal ≤ 300 ms)`);
  console.log(`\nTF.js (transformer/attention, reference solution), ${tf.rows.engine.length} runs each:`);
  line('engine as the extension runs it', tf.rows.engine, tf.rss.engine.length ? `   peak RSS ${mb(median(tf.rss.engine))}` : '');
  line('cold `npx mocha --import=tsx`', tf.rows.mocha, tf.rss.mocha.length ? `   peak RSS ${mb(median(tf.rss.mocha))}` : '');
  console.log(`warm engine vs cold mocha (TF.js): ${(median(tf.rows.mocha) / median(tf.rows.engine)).toFixed(1)}× faster`);
  console.log(`goals (as the extension runs it): ${median(rows.extension) <= 300 && asShipped >= 5 ? 'met' : 'NOT met'}`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
