// The grading engine with real worker processes (no mocks): each bad case a learner can produce gets its own
// clear result, the caller never crashes, and no process outlives its run.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Results } from '../../../src/grading';
import { Grader, isResults } from '../../../src/grading';
import { buildDist, FIXTURES, isAlive, learnerFolder, probe, ROOT } from './build';

const PASSING = 'export function answer(): number {\n  return 42;\n}\n';

/** Describes a result for an assertion message: the run status and message, then each test. */
const show = (r: Results) => JSON.stringify(r, null, 2);
const testNamed = (r: Results, name: string) => {
  const t = r.tests.find((x) => x.name === name);
  assert.ok(t, `no test named "${name}" in\n${show(r)}`);
  return t;
};

describe('grading engine (real worker processes)', function () {
  this.timeout(60_000);
  let distDir: string;
  let grader: Grader;
  const seenPids = new Set<number>();

  before(async () => {
    distDir = await buildDist();
    grader = new Grader({ distDir, pool: 1, memoryMb: 128 });
  });
  after(() => {
    grader.dispose();
    for (const pid of seenPids) assert.ok(!isAlive(pid), `worker ${pid} outlived dispose()`);
  });

  async function grade(files: Record<string, string>, timeoutMs?: number): Promise<Results> {
    grader.processes.forEach((p) => seenPids.add(p));
    const r = await grader.grade(probe(timeoutMs), learnerFolder(files));
    assert.ok(isResults(r), `not a results.json v3 object:\n${show(r)}`);
    return r;
  }

  it('passes a correct learner file, with each test under its describe title as category', async () => {
    const r = await grade({ 'probe.ts': PASSING });
    assert.equal(r.status, 'pass', show(r));
    assert.deepEqual(
      r.tests.map((t) => [t.category, t.name, t.status]),
      [
        ['answer', 'returns 42', 'pass'],
        ['answer › inputs', 'returns the same value twice', 'pass'],
      ],
    );
    assert.equal(r.exercise, 'neural-networks/probe');
    assert.ok(r.peakRssKb && r.peakRssKb > 0, show(r));
  });

  it("fails a wrong answer with expected and actual for a diff, and keeps what the learner's code printed", async () => {
    const r = await grade({ 'probe.ts': "export function answer(): number {\n  console.log('computing', { n: 41 });\n  return 41;\n}\n" });
    assert.equal(r.status, 'fail');
    const t = testNamed(r, 'returns 42');
    assert.equal(t.status, 'fail');
    assert.equal(t.expected, '42');
    assert.equal(t.actual, '41');
    assert.equal(t.output, 'computing { n: 41 }');
    assert.equal(testNamed(r, 'returns the same value twice').output, 'computing { n: 41 }\ncomputing { n: 41 }');
  });

  it('names a misconception and carries its expected and actual values', async () => {
    const r = await grade({ 'probe.ts': 'export const answer = (): number => 24;\n' });
    const t = testNamed(r, 'returns 42');
    assert.equal(t.misconception, 'digits swapped');
    assert.match(t.message ?? '', /^Misconception: digits swapped — answer returned 24/);
    assert.deepEqual([t.expected, t.actual], ['42', '24']);
  });

  it('stops an infinite loop at the exercise timeout and says so, keeping the tests that finished', async () => {
    const r = await grade({ 'probe.ts': 'let calls = 0;\nexport function answer(): number {\n  if (++calls > 1) while (true) {}\n  return 42;\n}\n' }, 1500);
    assert.equal(r.status, 'error');
    assert.equal(r.message, 'The hidden tests ran past 1.5 s and were stopped while running "returns the same value twice": this is likely an infinite loop (a loop whose condition never becomes false, or a recursion without a base case).');
    assert.deepEqual(
      r.tests.map((t) => [t.name, t.status]),
      [
        ['returns 42', 'pass'],
        ['returns the same value twice', 'error'],
      ],
    );
    assert.match(testNamed(r, 'returns the same value twice').message ?? '', /^Stopped after 1\.5 s: this test never finished/);
  });

  it('fails a test whose code recurses without end with a stack-overflow message and the learner line', async () => {
    const r = await grade({ 'probe.ts': 'function down(n: number): number {\n  return down(n + 1) + 1;\n}\nexport const answer = (): number => down(0);\n' });
    assert.equal(r.status, 'fail');
    const t = testNamed(r, 'returns 42');
    assert.equal(t.status, 'error');
    assert.match(t.message ?? '', /^Stack overflow \(RangeError: Maximum call stack size exceeded\): a function kept calling itself/);
    assert.equal(t.location?.file, 'probe.ts');
    assert.equal(t.location?.line, 2);
  });

  it('reports a memory blow-up as the process running out of memory, naming the limit and the test', async () => {
    const r = await grade({ 'probe.ts': 'export function answer(): number {\n  const keep: number[][] = [];\n  for (;;) keep.push(new Array(1e6).fill(1.5));\n}\n' });
    assert.equal(r.status, 'error', show(r));
    assert.equal(r.message, 'The test process ran out of memory (limit 128 MB) and was stopped while running "returns 42": your code likely keeps growing an array, string or map without end.');
    assert.equal(testNamed(r, 'returns 42').status, 'error');
  });

  it('turns process.exit() in learner code into a failure of the test that called it', async () => {
    const r = await grade({ 'probe.ts': 'export function answer(): number {\n  process.exit(3);\n}\n' });
    const t = testNamed(r, 'returns 42');
    assert.equal(t.status, 'error');
    assert.match(t.message ?? '', /^process\.exit\(3\) was called: your code must not end the process/);
    assert.deepEqual(t.location, { file: 'probe.ts', line: 2, column: 11 });
  });

  it('reports a process that ends itself some other way as an early exit', async () => {
    const r = await grade({ 'probe.ts': "export function answer(): number {\n  process.kill(process.pid, 'SIGKILL');\n  return 42;\n}\n" });
    assert.equal(r.status, 'error');
    assert.equal(r.message, 'The test process exited early (killed by SIGKILL) while running "returns 42": does your code end the process (process.kill, process.abort)? Grading needs it to keep running.');
  });

  for (const [how, after] of [
    ['finishes normally', 'return 42;'],
    ['loops forever', 'for (;;) {}'],
  ] as const) {
    it(`ends the processes the learner's code spawned when the run ${how}`, async () => {
      const pidFile = path.join(learnerFolder({}), 'child.pid');
      const code = [
        "import { spawn } from 'node:child_process';",
        "import { writeFileSync } from 'node:fs';",
        'export function answer(): number {',
        "  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });",
        `  writeFileSync(${JSON.stringify(pidFile)}, String(child.pid));`,
        `  ${after}`,
        '}',
      ].join('\n');
      await grade({ 'probe.ts': code }, 4_000);
      const pid = Number(fs.readFileSync(pidFile, 'utf8'));
      assert.ok(pid > 0, 'the learner code should have started a process');
      // SIGKILL is delivered at once but acted on when the process is next scheduled: give a loaded machine a moment.
      for (let waited = 0; isAlive(pid) && waited < 3_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
      assert.ok(!isAlive(pid), `the process ${pid} that the learner's code spawned outlived the run`);
    });
  }

  it('fails every test with the reason when the learner file throws while it loads', async () => {
    const r = await grade({ 'probe.ts': "throw new Error('boom at load');\nexport const answer = (): number => 42;\n" });
    assert.equal(r.status, 'fail');
    assert.equal(r.tests.length, 2);
    for (const t of r.tests) assert.equal(t.message, 'Loading probe.ts failed before any test could run: boom at load');
  });

  it('gives a syntax error with file:line:col and a location', async () => {
    const r = await grade({ 'probe.ts': 'export function answer(): number {\n  return (42;\n}\n' });
    const t = testNamed(r, 'returns 42');
    assert.equal(t.message, 'Loading probe.ts failed before any test could run: probe.ts:2:13: Unexpected token, expected ","');
    assert.deepEqual(t.location, { file: 'probe.ts', line: 2, column: 13 });
  });

  it('names a missing export and the near miss the learner exported instead', async () => {
    const r = await grade({ 'probe.ts': 'export const anwser = (): number => 42;\n' });
    assert.equal(testNamed(r, 'returns 42').message, 'probe.ts does not export `answer`. It does export `anwser` — a spelling difference?');
  });

  it("points an error at the learner's own line and column, types and all", async () => {
    const r = await grade({ 'probe.ts': 'export function answer(): number {\n  const rows: Array<number[]> = [];\n  const first: number[] = rows[0] as number[]; return first[0];\n}\n' });
    const t = testNamed(r, 'returns 42');
    assert.match(t.message ?? '', /^TypeError: Cannot read properties of undefined \(reading '0'\)/);
    // Column 60 is the `[` of `first[0]` in the source; in the transformed code, types gone, it sits near 34.
    assert.deepEqual(t.location, { file: 'probe.ts', line: 3, column: 60 });
  });

  it('reports an export of the wrong type as a TypeError the learner can read', async () => {
    const r = await grade({ 'probe.ts': 'export const answer = 42;\n' });
    assert.match(testNamed(r, 'returns 42').message ?? '', /^TypeError: .*answer is not a function/);
  });

  it("loads the learner's own earlier exercise files through relative imports, with or without .ts/.js", async () => {
    const dir = learnerFolder({
      'neural-networks/earlier/helper.ts': 'export const six = (): number => 6;\n',
      'neural-networks/other/seven.ts': 'export const seven: number = 7;\n',
      'neural-networks/probe/probe.ts':
        "import { six } from '../earlier/helper';\nimport { seven } from '../other/seven.js';\nexport const answer = (): number => six() * seven;\n",
    });
    const r = await grader.grade(probe(), path.join(dir, 'neural-networks', 'probe'));
    assert.equal(r.status, 'pass', show(r));
  });

  it('resolves bare imports the learner folder lacks from the configured module paths', async () => {
    const shared = learnerFolder({ 'node_modules/fixture-answer/index.js': 'exports.value = 42;\n' });
    const files = { 'probe.ts': "import { value } from 'fixture-answer';\nexport const answer = (): number => value;\n" };
    const withPath = new Grader({ distDir, pool: 0, modulePaths: [shared] });
    const without = new Grader({ distDir, pool: 0, modulePaths: [] });
    try {
      assert.equal((await withPath.grade(probe(), learnerFolder(files))).status, 'pass');
      const r = await without.grade(probe(), learnerFolder(files));
      assert.match(testNamed(r, 'returns 42').message ?? '', /Cannot find module 'fixture-answer'/);
    } finally {
      withPath.dispose();
      without.dispose();
    }
  });

  it("resolves @tensorflow/tfjs for a learner folder outside the extension to the extension's own copy", async () => {
    const tfGrader = new Grader({ distDir, pool: 0, modulePaths: [ROOT] });
    try {
      const r = await tfGrader.grade(
        probe(),
        learnerFolder({ 'probe.ts': "import * as tf from '@tensorflow/tfjs';\nexport const answer = (): number => tf.scalar(6).mul(7).dataSync()[0];\n" }),
      );
      assert.equal(r.status, 'pass', show(r));
    } finally {
      tfGrader.dispose();
    }
  });

  it('preloads the modules it is asked to in each worker before the run, and only those', async () => {
    const probeCache = {
      'probe.ts': "const loaded = Object.keys(require.cache).some((k) => k.includes('tfjs-core'));\nexport const answer = (): number => (loaded ? 42 : 0);\n",
    };
    const preloading = new Grader({ distDir, pool: 1, modulePaths: [ROOT], preload: ['@tensorflow/tfjs'] });
    try {
      assert.equal((await preloading.grade(probe(), learnerFolder(probeCache))).status, 'pass');
    } finally {
      preloading.dispose();
    }
    assert.equal(testNamed(await grade(probeCache), 'returns 42').actual, '0', 'a worker without preload should not have TF.js loaded');
  });

  it('cancels a run on abort: a clear result and the worker process gone', async () => {
    const controller = new AbortController();
    const running = grader.grade(probe(60_000), learnerFolder({ 'probe.ts': 'export function answer(): number {\n  for (;;) {}\n}\n' }), controller.signal);
    await new Promise((r) => setTimeout(r, 500));
    const pids = grader.processes;
    assert.ok(pids.length >= 1, 'a worker should be running');
    controller.abort();
    const r = await running;
    assert.equal(r.status, 'error');
    assert.equal(r.message, 'Cancelled: the run was stopped before it finished.');
    const stillRunning = pids.filter((p) => isAlive(p) && !grader.processes.includes(p));
    assert.deepEqual(stillRunning, [], 'the cancelled worker is still alive');
  });

  it('reports hidden tests that fail to load as a run error that names the exercise', async () => {
    const broken = { id: 'neural-networks/broken-tests' as const, chapter: 'neural-networks' as const, slug: 'broken-tests', timeoutMs: 10_000 };
    const r = await grader.grade(broken, learnerFolder({ 'probe.ts': PASSING }));
    assert.equal(r.status, 'error');
    assert.match(r.message ?? '', /^The hidden tests of neural-networks\/broken-tests could not be loaded: Error: this hidden test file is broken on purpose/);
  });

  it('errors clearly when the exercise has no built tests or the learner folder is missing', async () => {
    const missing = await grader.grade({ ...probe(), id: 'neural-networks/nope', slug: 'nope' }, learnerFolder({}));
    assert.match(missing.message ?? '', /^No hidden tests are built for neural-networks\/nope \(.*nope\.js is missing\): run `npm run build`\.$/);
    const noDir = await grader.grade(probe(), path.join(FIXTURES, 'does-not-exist'));
    assert.match(noDir.message ?? '', /^There is nothing to grade: the folder .*does-not-exist does not exist\.$/);
  });

  it('says so when the worker cannot start (a wrong execPath), without throwing', async () => {
    const broken = new Grader({ distDir, pool: 0, execPath: path.join(FIXTURES, 'no-such-node') });
    try {
      const r = await broken.grade(probe(), learnerFolder({ 'probe.ts': PASSING }));
      assert.equal(r.status, 'error');
      assert.match(r.message ?? '', /^The grader could not start its test process \(.*no-such-node\): spawn .*no-such-node ENOENT/);
    } finally {
      broken.dispose();
    }
  });

  it('says so when the worker itself crashes while starting (a corrupt build)', async () => {
    const corrupt = learnerFolder({
      'grading/worker.js': "throw new Error('corrupt worker bundle');\n",
      'grading/tests/neural-networks/probe.js': '',
    });
    const broken = new Grader({ distDir: corrupt, pool: 0 });
    try {
      const r = await broken.grade(probe(), learnerFolder({ 'probe.ts': PASSING }));
      assert.match(r.message ?? '', /^The grader's test process stopped before it was ready \(exit code 1\)\. It said: Error: corrupt worker bundle$/);
    } finally {
      broken.dispose();
    }
  });

  it('ends a run cleanly when the grader is disposed during it', async () => {
    const local = new Grader({ distDir, pool: 0 });
    const running = local.grade(probe(60_000), learnerFolder({ 'probe.ts': 'export function answer(): number {\n  for (;;) {}\n}\n' }));
    await new Promise((r) => setTimeout(r, 800));
    local.dispose();
    const r = await running;
    assert.equal(r.message, 'The grader was shut down during the run.');
    assert.equal((await local.grade(probe(), learnerFolder({ 'probe.ts': PASSING }))).message, 'The grader was shut down; nothing was run.');
  });

  it('uses a fresh process per run (no state leaks between runs) and leaves none behind after 20 runs', async () => {
    const counter = { 'probe.ts': 'const g = globalThis as { n?: number };\ng.n = (g.n ?? 0) + 1;\nexport const answer = (): number => 41 + (g.n ?? 0);\n' };
    const local = new Grader({ distDir, pool: 1 });
    const pids = new Set<number>();
    try {
      await local.warm();
      for (let i = 0; i < 20; i++) {
        local.processes.forEach((p) => pids.add(p));
        const r = await local.grade(probe(), learnerFolder(counter));
        assert.equal(r.status, 'pass', `run ${i}: ${show(r)}`);
      }
    } finally {
      local.dispose();
    }
    await new Promise((r) => setTimeout(r, 200));
    assert.ok(pids.size >= 20, `expected a worker per run, saw ${pids.size}`);
    assert.deepEqual([...pids].filter(isAlive), [], 'workers left after dispose()');
  });

  it('grades the real matrix-ops exercise: the solution passes, the starter fails', async () => {
    const ex = { id: 'neural-networks/matrix-ops' as const, chapter: 'neural-networks' as const, slug: 'matrix-ops', timeoutMs: 10_000 };
    const dir = path.join(ROOT, 'exercises', 'neural-networks', 'matrix-ops');
    const solution = await grader.grade(ex, path.join(dir, 'solution'));
    assert.equal(solution.status, 'pass', show(solution));
    assert.ok(solution.tests.length >= 5);
    const starter = await grader.grade(ex, path.join(dir, 'starter'));
    assert.equal(starter.status, 'fail', show(starter));
    assert.ok(fs.existsSync(path.join(dir, 'starter', 'matrix.ts')));
    assert.ok(starter.tests.some((t) => t.status !== 'pass' && t.location?.file === 'matrix.ts'), 'a starter failure should point into matrix.ts');
  });
  it("imports another exercise's file from the learner's course folder, else from that exercise's reference solution", async () => {
    const course = learnerFolder({ 'neural-networks/probe/probe.ts': "export { answer } from '../earlier/answer';\n" });
    const reference = learnerFolder({ 'neural-networks/earlier/solution/answer.ts': PASSING });
    const local = new Grader({ distDir, pool: 0, referenceDir: reference });
    try {
      const borrowed = await local.grade(probe(), path.join(course, 'neural-networks', 'probe'));
      assert.equal(borrowed.status, 'pass', `never scaffolded: the reference answer.ts should serve the import\n${show(borrowed)}`);
      fs.mkdirSync(path.join(course, 'neural-networks', 'earlier'));
      fs.writeFileSync(path.join(course, 'neural-networks', 'earlier', 'answer.ts'), 'export function answer(): number {\n  return 41;\n}\n');
      const own = await local.grade(probe(), path.join(course, 'neural-networks', 'probe'));
      assert.equal(own.status, 'fail', `the learner's own earlier file must win over the reference\n${show(own)}`);
      const borrowed2 = await local.grade(probe(), path.join(course, 'neural-networks', 'probe'), undefined, ['neural-networks/earlier']);
      assert.equal(borrowed2.status, 'pass', `an exercise not passed yet is borrowed from the reference even when the learner has it\n${show(borrowed2)}`);
    } finally {
      local.dispose();
    }
  });
  it('type-checks the learner files in a thread of a pre-forked worker, alongside the tests', async () => {
    const typescript = path.join(ROOT, 'node_modules', 'typescript');
    const local = new Grader({ distDir, pool: 1, modulePaths: [ROOT], typeCheck: { typescript, typeRoots: [path.join(ROOT, 'node_modules')] } });
    try {
      const ex = { ...probe(), files: ['probe.ts'] };
      const clean = await local.grade(ex, learnerFolder({ 'probe.ts': PASSING }));
      assert.equal(clean.status, 'pass', show(clean));
      assert.ok(!clean.tests.some((t) => t.category === 'TypeScript'), `clean files add no test\n${show(clean)}`);
      const mistyped = await local.grade(ex, learnerFolder({ 'probe.ts': `${PASSING}export const size: number = 'three';\n` }));
      assert.equal(mistyped.status, 'fail', show(mistyped));
      const check = testNamed(mistyped, 'type-checks without errors');
      assert.deepEqual(check.location, { file: 'probe.ts', line: 4, column: 14 });
      assert.match(check.message ?? '', /probe\.ts:4:14 TS2322: Type 'string' is not assignable to type 'number'/);
      const tfjs = await local.grade(ex, learnerFolder({ 'probe.ts': `import * as tf from '@tensorflow/tfjs';\nexport const t: tf.Tensor = tf.scalar(1);\n${PASSING}` }));
      assert.equal(tfjs.status, 'pass', `@tensorflow/tfjs types should resolve\n${show(tfjs)}`);
    } finally {
      local.dispose();
    }
  });
});
