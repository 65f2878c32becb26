// Messages between the grader (parent) and its worker process over the Node IPC channel. The worker reports each
// test as it ends, so a run that is killed (timeout, memory, early exit) still keeps the results it had.

import type { TestResult } from './results';
import { isTestResult } from './results';

/** Parent → worker at fork time (argv[2], JSON): what a pre-forked worker may do before any job arrives. */
export interface WorkerSetup {
  /** As RunJob.modulePaths, for the preloads. */
  readonly modulePaths: readonly string[];
  /** Bare module names to require while waiting (`@tensorflow/tfjs`), so a run finds them loaded. */
  readonly preload: readonly string[];
}

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

export function isWorkerSetup(v: unknown): v is WorkerSetup {
  return typeof v === 'object' && v !== null && isStrings((v as WorkerSetup).modulePaths) && isStrings((v as WorkerSetup).preload);
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
}

export type WorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'begin'; readonly name: string; readonly category?: string }
  | { readonly type: 'result'; readonly test: TestResult }
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
    isStrings(v.modulePaths)
  );
}

export function isWorkerMessage(v: unknown): v is WorkerMessage {
  if (!isRecord(v)) return false;
  switch (v.type) {
    case 'ready':
      return true;
    case 'begin':
      return typeof v.name === 'string' && (v.category === undefined || typeof v.category === 'string');
    case 'result':
      return isTestResult(v.test);
    case 'done':
      return typeof v.peakRssKb === 'number';
    case 'fatal':
      return typeof v.message === 'string';
    default:
      return false;
  }
}
