// The grading engine: runs one exercise's hidden tests against a learner's folder in a fresh child Node process
// and returns Results. Pure Node (no vscode): the extension, the CLI and the integrity check all use it.
//
// Each run gets its own worker process (isolation: a learner's globals, an infinite loop or a memory blow-up
// never touch the caller or the next run). To keep a run fast, the grader keeps `pool` workers pre-forked: they
// have already loaded mocha and the TypeScript transform and wait for one job; taking one starts the next.

import type { ChildProcess } from 'node:child_process';
import { fork, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Exercise } from '../course/types';
import type { RunJob, WorkerMessage, WorkerSetup } from './protocol';
import { isWorkerMessage } from './protocol';
import type { Results, TestResult, TypeProblem } from './results';
import { statusOf, withTypeCheck } from './results';

/** What the grader needs to know about an exercise (a catalog Exercise has it all). */
export type GradableExercise = Pick<Exercise, 'id' | 'chapter' | 'slug' | 'timeoutMs'> & Partial<Pick<Exercise, 'files'>>;

export interface GraderOptions {
  /** The build output holding grading/worker.js and grading/tests/<chapter>/<slug>.js (the extension's dist/). */
  readonly distDir: string;
  /** The Node binary for workers. Default process.execPath; in the extension host that is Electron, so pass
   *  `env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }` with it. */
  readonly execPath?: string;
  /** Environment of the workers. Default process.env. NODE_OPTIONS is always removed (a debugger's flags would
   *  follow every worker). */
  readonly env?: NodeJS.ProcessEnv;
  /** Workers kept pre-forked and ready. Default 1; 0 forks on demand (a cold start per run). */
  readonly pool?: number;
  /** Heap limit of a worker in MiB (--max-old-space-size). Default 1024. */
  readonly memoryMb?: number;
  /** Folders whose node_modules serve bare imports the learner's folder cannot resolve (`@tensorflow/tfjs`).
   *  Default: the folder above distDir (the extension root, whose node_modules ships the runtime deps). */
  readonly modulePaths?: readonly string[];
  /** Bare modules each worker loads while it waits, e.g. ['@tensorflow/tfjs'] for the TF.js chapters, so a run
   *  does not pay for loading them (at the cost of the worker's memory). Default none. */
  readonly preload?: readonly string[];
  /** The course's shipped data (corpora, vectors) that hidden tests read through the kit's `courseData()`;
   *  passed to workers as LLMF_DATA_DIR. Default: media/data beside distDir (the extension root's). */
  readonly dataDir?: string;
  /** The course's exercises/ folder: an import of another exercise's file that the learner does not have falls
   *  back to that exercise's reference solution here (LLMF_REFERENCE_DIR). Default: exercises/ beside distDir. */
  readonly referenceDir?: string;
  /** Type-check the learner's files (an exercise's `files`) alongside the tests, with this TypeScript: the folder
   *  of the `typescript` package, and folders holding `@tensorflow/*` declarations. Default: no type check. */
  readonly typeCheck?: { readonly typescript: string; readonly typeRoots: readonly string[] };
}

/** Where esbuild.js puts an exercise's bundled hidden tests. */
export const testBundlePath = (distDir: string, e: Pick<Exercise, 'chapter' | 'slug'>) => path.join(distDir, 'grading', 'tests', e.chapter, `${e.slug}.js`);
export const workerPath = (distDir: string) => path.join(distDir, 'grading', 'worker.js');

const STARTUP_LIMIT_MS = 30_000;
/** After the tests: the worker's type check gives up after 30 s on its own; this is the backstop. */
const TYPE_CHECK_GRACE_MS = 40_000;
const TAIL_CHARS = 8_000;

/** The line of a crashed process's stderr worth showing: the error itself (`Error: …`), else the last line. */
function lastWords(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l && !/^Node\.js v\d/.test(l) && !l.startsWith('at '));
  const error = lines.find((l) => /^(\w*Error|FATAL ERROR)\b/.test(l));
  return (error ?? lines[lines.length - 1] ?? '').slice(0, 400);
}

const seconds = (ms: number) => `${+(ms / 1000).toFixed(1)} s`;

/** One worker process, used for exactly one job. */
class Worker {
  readonly child: ChildProcess;
  readonly ready: Promise<boolean>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; spawnError?: Error }>;
  private stderr = '';
  private hasExited = false;
  /** True once the worker said it is ready (mocha and the transform loaded). */
  wasReady = false;
  private readonly listeners = new Set<(m: WorkerMessage) => void>();

  constructor(file: string, execPath: string, env: NodeJS.ProcessEnv, memoryMb: number, setup: WorkerSetup) {
    this.child = fork(file, [JSON.stringify(setup)], {
      execPath,
      env,
      execArgv: [`--max-old-space-size=${memoryMb}`],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'json',
      // Its own process group (POSIX), so ending the run also ends whatever the learner's code spawned.
      detached: process.platform !== 'win32',
    });
    this.child.stderr?.on('data', (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-TAIL_CHARS)));
    this.exited = new Promise((resolve) => {
      // `on`, not `once`: an 'error' with no listener would throw in the caller (e.g. a send to a dead worker).
      this.child.on('error', (spawnError) => {
        this.hasExited = true;
        resolve({ code: null, signal: null, spawnError });
      });
      this.child.once('exit', (code, signal) => {
        this.hasExited = true;
        resolve({ code, signal });
      });
    });
    this.child.on('message', (m: unknown) => {
      if (isWorkerMessage(m)) for (const l of this.listeners) l(m);
    });
    this.ready = new Promise<boolean>((resolve) => {
      const onReady = (m: WorkerMessage) => {
        if (m.type !== 'ready') return;
        this.wasReady = true;
        resolve(true);
      };
      this.listeners.add(onReady);
      void this.exited.then(() => resolve(false));
    });
  }

  get alive(): boolean {
    return !this.hasExited;
  }
  get stderrTail(): string {
    return this.stderr;
  }
  onMessage(l: (m: WorkerMessage) => void): void {
    this.listeners.add(l);
  }
  /** Ends the worker and every process the learner's code started from it (even after the worker exited). */
  kill(): void {
    const pid = this.child.pid;
    if (pid === undefined) return;
    if (process.platform === 'win32') {
      if (!this.hasExited) spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true }).on('error', () => this.child.kill('SIGKILL'));
      return;
    }
    try {
      process.kill(-pid, 'SIGKILL'); // the whole group; the worker is its leader
    } catch {
      // the group is already gone
    }
  }
}

type Ending = { kind: 'done'; peakRssKb: number } | { kind: 'fatal'; message: string } | { kind: 'timeout' } | { kind: 'cancelled' } | { kind: 'exited' } | { kind: 'startup' };

export class Grader {
  private readonly idle: Worker[] = [];
  private readonly running = new Set<Worker>();
  private disposed = false;
  private readonly execPath: string;
  private readonly env: NodeJS.ProcessEnv;
  private readonly poolSize: number;
  private readonly memoryMb: number;
  private readonly modulePaths: readonly string[];

  constructor(private readonly options: GraderOptions) {
    this.execPath = options.execPath ?? process.execPath;
    const env = { ...(options.env ?? process.env) };
    delete env.NODE_OPTIONS;
    const root = path.dirname(path.resolve(options.distDir));
    env.LLMF_DATA_DIR = options.dataDir ?? path.join(root, 'media', 'data');
    env.LLMF_REFERENCE_DIR = options.referenceDir ?? path.join(root, 'exercises');
    this.env = env;
    this.poolSize = Math.max(0, options.pool ?? 1);
    this.memoryMb = options.memoryMb ?? 1024;
    this.modulePaths = options.modulePaths ?? [path.dirname(path.resolve(options.distDir))];
  }

  /** Pids of the worker processes alive now (pre-forked and running). */
  get processes(): number[] {
    return [...this.idle, ...this.running].filter((w) => w.alive && w.child.pid !== undefined).map((w) => w.child.pid as number);
  }

  /** Starts the pool if it is not full and resolves when its workers are ready. */
  async warm(): Promise<void> {
    this.refill();
    await Promise.all(this.idle.map((w) => w.ready));
  }

  /** Runs `exercise`'s hidden tests against the files in `learnerDir`. Never rejects: problems become Results. */
  /**
   * Runs `exercise`'s hidden tests against the learner's folder. `borrow`: ids of other exercises whose files the
   * learner's code imports from the reference solution instead of their own copy (those not passed yet).
   */
  async grade(exercise: GradableExercise, learnerDir: string, signal?: AbortSignal, borrow: readonly string[] = []): Promise<Results> {
    const started = performance.now();
    const finish = (r: Omit<Results, 'version' | 'exercise' | 'durationMs'>): Results => ({
      version: 3,
      exercise: exercise.id,
      ...r,
      durationMs: Math.round(performance.now() - started),
    });
    const runError = (message: string, tests: readonly TestResult[] = []) => finish({ status: 'error', message, tests });

    if (this.disposed) return runError('The grader was shut down; nothing was run.');
    const bundle = testBundlePath(this.options.distDir, exercise);
    if (!fs.existsSync(bundle)) return runError(`No hidden tests are built for ${exercise.id} (${bundle} is missing): run \`npm run build\`.`);
    if (!fs.existsSync(workerPath(this.options.distDir))) return runError(`The grader is not built (${workerPath(this.options.distDir)} is missing): run \`npm run build\`.`);
    if (!fs.statSync(learnerDir, { throwIfNoEntry: false })?.isDirectory()) return runError(`There is nothing to grade: the folder ${learnerDir} does not exist.`);
    if (signal?.aborted) return runError(CANCELLED);

    const worker = this.take();
    this.running.add(worker);
    this.refill();
    try {
      const job: RunJob = {
        type: 'run',
        exerciseId: exercise.id,
        testBundle: path.resolve(bundle),
        learnerDir: path.resolve(learnerDir),
        timeoutMs: exercise.timeoutMs,
        modulePaths: this.modulePaths,
        ...(this.options.typeCheck && exercise.files?.length ? { typeCheckFiles: [...exercise.files] } : {}),
        ...(borrow.length ? { borrow: [...borrow] } : {}),
      };
      const { ending, tests, current, typeProblems } = await this.runJob(worker, job, signal);
      const during = current ? ` while running "${current.name}"` : '';
      const stopped = (message: string): TestResult[] => (current ? [...tests, { ...current, status: 'error', message }] : tests);
      switch (ending.kind) {
        case 'done': {
          const r = finish({ status: statusOf(tests), tests, peakRssKb: ending.peakRssKb, ...(tests.length ? {} : { message: `${exercise.id} has no hidden tests.` }) });
          return typeProblems && tests.length ? withTypeCheck(r, typeProblems) : r;
        }
        case 'fatal':
          return runError(ending.message, tests);
        case 'cancelled':
          return runError(CANCELLED, stopped('Cancelled before this test finished.'));
        case 'timeout': {
          const s = seconds(exercise.timeoutMs);
          return runError(
            `The hidden tests ran past ${s} and were stopped${during}: this is likely an infinite loop (a loop whose condition never becomes false, or a recursion without a base case).`,
            stopped(`Stopped after ${s}: this test never finished — likely an infinite loop.`),
          );
        }
        case 'startup':
          return runError(`The grader's test process did not start within ${seconds(STARTUP_LIMIT_MS)}.`);
        case 'exited': {
          const { code, signal: sig, spawnError } = await worker.exited;
          if (spawnError) return runError(`The grader could not start its test process (${this.execPath}): ${spawnError.message}`);
          const stderr = worker.stderrTail;
          const how = sig ? `killed by ${sig}` : `exit code ${code}`;
          const said = lastWords(stderr);
          const detail = said ? ` It said: ${said}` : '';
          if (this.disposed) return runError('The grader was shut down during the run.', stopped('Stopped: the grader was shut down.'));
          if (!worker.wasReady) return runError(`The grader's test process stopped before it was ready (${how}).${detail}`);
          if (/heap out of memory|heap limit|Allocation failed/i.test(stderr)) {
            return runError(
              `The test process ran out of memory (limit ${this.memoryMb} MB) and was stopped${during}: your code likely keeps growing an array, string or map without end.`,
              stopped(`Ran out of memory (limit ${this.memoryMb} MB) during this test.`),
            );
          }
          return runError(
            `The test process exited early (${how})${during}: does your code end the process (process.kill, process.abort)? Grading needs it to keep running.${detail}`,
            stopped(`The test process exited (${how}) during this test.`),
          );
        }
      }
    } finally {
      // SIGKILL is prompt; waiting for the exit means no run leaves a process behind when grade() resolves. It goes
      // to the worker's whole process group even after a clean exit: what the learner's code spawned may live on.
      worker.kill();
      await worker.exited;
      this.running.delete(worker);
    }
  }

  /** Kills every worker, idle or running; later grade() calls return an error result. */
  dispose(): void {
    this.disposed = true;
    for (const w of [...this.idle, ...this.running]) w.kill();
    this.idle.length = 0;
  }

  private spawn(): Worker {
    const setup: WorkerSetup = {
      modulePaths: this.modulePaths,
      preload: this.options.preload ?? [],
      ...(this.options.typeCheck ? { typeCheck: this.options.typeCheck } : {}),
    };
    return new Worker(workerPath(this.options.distDir), this.execPath, this.env, this.memoryMb, setup);
  }

  private take(): Worker {
    while (this.idle.length) {
      const w = this.idle.shift() as Worker;
      if (w.alive) return w;
    }
    return this.spawn();
  }

  private refill(): void {
    if (this.disposed) return;
    for (let i = this.idle.length - 1; i >= 0; i--) if (!this.idle[i].alive) this.idle.splice(i, 1);
    while (this.idle.length < this.poolSize) {
      this.idle.push(this.spawn());
    }
  }

  private runJob(
    worker: Worker,
    job: RunJob,
    signal?: AbortSignal,
  ): Promise<{ ending: Ending; tests: TestResult[]; current?: TestResult; typeProblems?: readonly TypeProblem[] }> {
    return new Promise((resolve) => {
      const tests: TestResult[] = [];
      let current: TestResult | undefined;
      let typeProblems: readonly TypeProblem[] | undefined;
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      const end = (ending: Ending) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        clearTimeout(startupTimer);
        signal?.removeEventListener('abort', onAbort);
        if (ending.kind !== 'done' && ending.kind !== 'exited') worker.kill();
        resolve({ ending, tests, ...(current ? { current } : {}), ...(typeProblems ? { typeProblems } : {}) });
      };
      const onAbort = () => end({ kind: 'cancelled' });
      signal?.addEventListener('abort', onAbort, { once: true });
      const startupTimer = setTimeout(() => end({ kind: 'startup' }), STARTUP_LIMIT_MS);
      worker.onMessage((m) => {
        if (m.type === 'begin') current = { name: m.name, status: 'error', ...(m.category ? { category: m.category } : {}) };
        else if (m.type === 'result') {
          tests.push(m.test);
          current = undefined;
        } else if (m.type === 'tested') {
          // The learner's limit covers their tests, not the type check, which the worker itself bounds.
          clearTimeout(timer);
          timer = setTimeout(() => end({ kind: 'timeout' }), TYPE_CHECK_GRACE_MS);
        } else if (m.type === 'types') typeProblems = m.problems;
        else if (m.type === 'done') end({ kind: 'done', peakRssKb: m.peakRssKb });
        else if (m.type === 'fatal') end({ kind: 'fatal', message: m.message });
      });
      // A worker that finished normally exits right after 'done'; let that message land first.
      void worker.exited.then(() => setImmediate(() => end({ kind: 'exited' })));
      // The learner's time limit starts when the worker is ready, not while a cold one is still starting.
      void worker.ready.then((ok) => {
        if (!ok || settled) return;
        clearTimeout(startupTimer);
        timer = setTimeout(() => end({ kind: 'timeout' }), job.timeoutMs);
        // A worker that died just now fails the send; its exit then ends the run with the reason.
        worker.child.send(job, (err) => err && worker.kill());
      });
    });
  }
}

const CANCELLED = 'Cancelled: the run was stopped before it finished.';
