// Messages between the grader (parent) and its worker process over the Node IPC channel. The worker reports each
// test as it ends, so a run that is killed (timeout, memory, early exit) still keeps the results it had.

import type { TestResult, TypeProblem } from './results';
import { isLocation, isTestResult } from './results';

/** Parent → worker at fork time (argv[2], JSON): what a pre-forked worker may do before any job arrives. */
export interface WorkerSetup {
  /** As RunJob.modulePaths, for the preloads. */
  readonly modulePaths: readonly string[];
  /** Bare module names to require while waiting (`@tensorflow/tfjs`), so a run finds them loaded. */
  readonly preload: readonly string[];
  /** Start the type-check thread now (TypeScript and its libraries load while the worker waits). */
  readonly typeCheck?: TypeCheckSetup;
}

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

export function isWorkerSetup(v: unknown): v is WorkerSetup {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as WorkerSetup;
  return isStrings(s.modulePaths) && isStrings(s.preload) && (s.typeCheck === undefined || isTypeCheckSetup(s.typeCheck));
}

/** Parent → worker: run one exercise's hidden tests against one learner folder. One job per worker process. */
export interface RunJob {
  readonly type: 'run';
  readonly exerciseId: string;
  /** The bundled hidden tests (dist/grading/tests/<chapter>/<slug>.js). */
  readonly testBundle: string;
  readonly learnerDir: string;
  /** Per-test timeout for asynchronous tests; the parent enforces the whole run's limit. */
  readonly timeoutMs: number;
  /** Folders searched for bare imports (`@tensorflow/tfjs`) that the learner's folder cannot resolve. */
  readonly modulePaths: readonly string[];
  /** When present (and the worker was set up with a type check), these learner files are type-checked, in a
   *  thread alongside the tests. Relative to learnerDir. */
  readonly typeCheckFiles?: readonly string[];
  /** Exercise ids whose files the learner's imports get from the reference solution (see CourseFolders.borrow). */
  readonly borrow?: readonly string[];
}

/** The TypeScript a worker's type-check thread loads, and folders holding `@tensorflow/*` type declarations. */
export interface TypeCheckSetup {
  /** The folder of the `typescript` package (VS Code's own, or a clone's node_modules/typescript). */
  readonly typescript: string;
  readonly typeRoots: readonly string[];
}

/** Worker → type-check thread: check these files (relative to learnerDir). */
export interface TypeCheckRequest {
  readonly learnerDir: string;
  readonly files: readonly string[];
}

export type WorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'begin'; readonly name: string; readonly category?: string }
  | { readonly type: 'result'; readonly test: TestResult }
  /** Every hidden test has run: the learner's time limit ends here (the type check may still be finishing). */
  | { readonly type: 'tested' }
  /** The type check's findings (sent before 'done'); absent when no type check ran or it could not run. */
  | { readonly type: 'types'; readonly problems: readonly TypeProblem[] }
  | { readonly type: 'done'; readonly peakRssKb: number }
  /** The hidden tests could not be loaded or run at all (a broken test bundle, not a learner mistake). */
  | { readonly type: 'fatal'; readonly message: string };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

export function isRunJob(v: unknown): v is RunJob {
  return (
    isRecord(v) &&
    v.type === 'run' &&
    typeof v.exerciseId === 'string' &&
    typeof v.testBundle === 'string' &&
    typeof v.learnerDir === 'string' &&
    typeof v.timeoutMs === 'number' &&
    isStrings(v.modulePaths) &&
    (v.typeCheckFiles === undefined || isStrings(v.typeCheckFiles)) &&
    (v.borrow === undefined || isStrings(v.borrow))
  );
}

export function isTypeCheckSetup(v: unknown): v is TypeCheckSetup {
  return isRecord(v) && typeof v.typescript === 'string' && isStrings(v.typeRoots);
}

export function isTypeCheckRequest(v: unknown): v is TypeCheckRequest {
  return isRecord(v) && typeof v.learnerDir === 'string' && isStrings(v.files);
}

export function isTypeProblem(v: unknown): v is TypeProblem {
  return isLocation(v) && typeof (v as TypeProblem).message === 'string' && ['undefined', 'string', 'number'].includes(typeof (v as TypeProblem).code);
}

export function isWorkerMessage(v: unknown): v is WorkerMessage {
  if (!isRecord(v)) return false;
  switch (v.type) {
    case 'ready':
    case 'tested':
      return true;
    case 'begin':
      return typeof v.name === 'string' && (v.category === undefined || typeof v.category === 'string');
    case 'result':
      return isTestResult(v.test);
    case 'types':
      return Array.isArray(v.problems) && v.problems.every(isTypeProblem);
    case 'done':
      return typeof v.peakRssKb === 'number';
    case 'fatal':
      return typeof v.message === 'string';
    default:
      return false;
  }
}
