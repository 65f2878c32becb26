// The grading worker: one child process per run. It loads mocha and the TypeScript hook as soon as it starts
// (so a pre-forked worker is ready before the request comes), then waits for one RunJob, runs that exercise's
// bundled hidden tests against the learner's folder, reports each test over IPC and exits.
// Bundled by esbuild.js into dist/grading/worker.js; never imported by the extension itself.

import Mocha from 'mocha';
import * as path from 'node:path';
import { format } from 'node:util';
import { Worker as Thread } from 'node:worker_threads';
import type { RunJob, TypeCheckRequest, WorkerMessage } from './protocol';
import { isRunJob, isTypeProblem, isWorkerSetup } from './protocol';
import type { TypeProblem } from './results';
import { testResultFromError } from './errors';
import { installTypeScriptHook } from './transform';

const LEARNER_DIR_ENV = 'LLMF_LEARNER_DIR';
/** The course's exercises/ folder, for imports of an earlier exercise that fall back to its reference solution. */
const REFERENCE_DIR_ENV = 'LLMF_REFERENCE_DIR';
const realExit = process.exit.bind(process);

let job: RunJob | undefined;

function send(message: WorkerMessage, then?: () => void): void {
  if (!process.send) return then?.();
  process.send(message, undefined, {}, () => then?.());
}

// Attach the listener in the first tick, before anything asynchronous, so no job can arrive unheard.
process.on('message', (message: unknown) => {
  if (job || !isRunJob(message)) return;
  job = message;
  run(message);
});
process.on('disconnect', () => realExit(0));

// If the grader dies while a learner's infinite loop blocks this thread, 'disconnect' never fires. A watchdog
// thread has its own event loop: it ends this process once the parent is gone, so no run is ever left behind.
// On POSIX the worker leads its own process group (see grader.ts), so the whole group goes: processes the
// learner's code spawned too.
const groupOrSelf = process.platform === 'win32' ? process.pid : -process.pid;
new Thread(`const parent = ${process.ppid}; setInterval(() => { if (process.ppid !== parent) process.kill(${groupOrSelf}, 'SIGKILL'); }, 250);`, { eval: true }).unref();

// What a test prints (console.log while debugging) is kept with that test's result, like Exercism's `output`.
const MAX_OUTPUT = 2_000;
const TFJS_NODE_BANNER = /Hi, looks like you are running TensorFlow\.js in Node\.js/;
let output = '';
for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
  console[level] = (...args: unknown[]) => {
    const text = format(...args);
    // TF.js greets every Node process once ("install our node backend"): advice for the course, not the learner.
    if (TFJS_NODE_BANNER.test(text)) return;
    if (output.length <= MAX_OUTPUT) output += text + '\n';
  };
}
const takeOutput = () => {
  const text = output.length > MAX_OUTPUT ? `${output.slice(0, MAX_OUTPUT)}… (output cut at ${MAX_OUTPUT} characters)` : output.replace(/\n$/, '');
  output = '';
  return text ? { output: text } : {};
};

process.setSourceMapsEnabled(true);
const setup = (() => {
  try {
    const parsed: unknown = JSON.parse(process.argv[2] ?? '');
    if (isWorkerSetup(parsed)) return parsed;
  } catch {
    // no setup: nothing to preload
  }
  return { modulePaths: [], preload: [] };
})();

installTypeScriptHook(
  () => job?.modulePaths ?? setup.modulePaths,
  (file) => {
    const rel = job ? path.relative(job.learnerDir, file) : '';
    return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : file;
  },
  () => (job && process.env[REFERENCE_DIR_ENV] ? { learnerDir: job.learnerDir, referenceDir: process.env[REFERENCE_DIR_ENV], borrow: job.borrow ?? [] } : undefined),
);

// A learner's process.exit() would end the run with nothing to show; make it a failure of the test that called it.
process.exit = ((code?: number | string) => {
  throw new Error(`process.exit(${code ?? ''}) was called: your code must not end the process — return a value or throw an Error instead.`);
}) as typeof process.exit;

function categoryOf(test: Mocha.Runnable, exerciseId: string): string | undefined {
  const titles: string[] = [];
  for (let s: Mocha.Suite | undefined = test.parent; s && !s.root; s = s.parent) titles.unshift(s.title);
  // The top describe usually names the exercise ('neural-networks/matrix-ops: matmul'); the id says nothing new.
  if (titles[0] === exerciseId) titles.shift();
  else if (titles[0]?.startsWith(`${exerciseId}:`)) titles[0] = titles[0].slice(exerciseId.length + 1).trim();
  return titles.filter(Boolean).join(' › ') || undefined;
}

const TYPE_CHECK_LIMIT_MS = 30_000;

// The type-check thread starts with the worker, so TypeScript is loaded before a job arrives.
const typeChecker = setup.typeCheck ? new Thread(path.join(__dirname, 'typecheck-thread.js'), { workerData: setup.typeCheck }) : undefined;
typeChecker?.unref();
typeChecker?.on('error', () => undefined); // a thread that cannot start: the run goes on without a type check

/** The learner's type errors, found in the thread while the tests run; undefined when the check could not run. */
function typeCheckInThread(request: TypeCheckRequest): Promise<readonly TypeProblem[] | undefined> {
  const thread = typeChecker;
  if (!thread) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const timer = setTimeout(() => done(), TYPE_CHECK_LIMIT_MS);
    const onMessage = (m: { problems?: unknown; ready?: boolean }) => {
      if (!m.ready) done(Array.isArray(m.problems) && m.problems.every(isTypeProblem) ? m.problems : undefined);
    };
    const onEnd = () => done();
    function done(problems?: readonly TypeProblem[]) {
      clearTimeout(timer);
      thread!.off('message', onMessage).off('exit', onEnd).off('error', onEnd);
      resolve(problems);
    }
    thread.on('message', onMessage).on('exit', onEnd).on('error', onEnd);
    thread.postMessage(request);
  });
}

function run(j: RunJob): void {
  process.env[LEARNER_DIR_ENV] = j.learnerDir;
  // fullTrace: mocha would otherwise shorten stack paths to the cwd, and locations need the absolute ones.
  const mocha = new Mocha({ timeout: j.timeoutMs, color: false, allowUncaught: false, fullTrace: true });
  const exerciseId = j.exerciseId;
  function Reporter(runner: Mocha.Runner) {
    runner.on('test', (test) => {
      output = '';
      send({ type: 'begin', name: test.title, category: categoryOf(test, exerciseId) });
    });
    runner.on('pass', (test) => send({ type: 'result', test: { name: test.title, status: 'pass', category: categoryOf(test, exerciseId), ...takeOutput() } }));
    runner.on('pending', (test) =>
      send({ type: 'result', test: { name: test.title, status: 'fail', category: categoryOf(test, exerciseId), message: 'Skipped (it.skip): this hidden test grades nothing.' } }),
    );
    runner.on('fail', (test, err) => {
      // A failing hook (before/after) is reported as its own entry, under mocha's name for it ('"before all" hook…').
      const result = testResultFromError(err, { name: test.title, category: categoryOf(test, exerciseId), learnerDir: j.learnerDir });
      send({ type: 'result', test: { ...result, ...takeOutput() } });
    });
  }
  mocha.reporter(Reporter as unknown as Mocha.ReporterConstructor);
  mocha.addFile(j.testBundle);
  const types = j.typeCheckFiles?.length ? typeCheckInThread({ learnerDir: j.learnerDir, files: j.typeCheckFiles }) : Promise.resolve(undefined);
  const finish = () => {
    send({ type: 'tested' });
    void types.then((problems) => {
      if (problems) send({ type: 'types', problems });
      send({ type: 'done', peakRssKb: process.resourceUsage().maxRSS }, () => realExit(0));
    });
  };
  try {
    mocha.run(finish);
  } catch (err) {
    const reason = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    send({ type: 'fatal', message: `The hidden tests of ${exerciseId} could not be loaded: ${reason}` }, () => realExit(0));
  }
}

// Heavy libraries (TF.js) load once per worker, before the job: a run then finds them in the require cache. A
// preload that fails is not reported here — the same import fails again, with its message, inside the run.
for (const name of setup.preload) {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a module chosen at run time, resolved like the learner's imports
    require(name);
  } catch {
    // see above
  }
}

// Ready once the type checker has parsed TypeScript's libraries too (bounded: a slow one only delays its own use).
const typeCheckerReady = new Promise<void>((resolve) => {
  if (!typeChecker) return resolve();
  const timer = setTimeout(resolve, TYPE_CHECK_LIMIT_MS);
  const done = () => {
    clearTimeout(timer);
    resolve();
  };
  typeChecker.once('message', done).once('error', done).once('exit', done);
});
void typeCheckerReady.then(() => send({ type: 'ready' }));
