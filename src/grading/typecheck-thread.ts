// The grading worker's type-check thread. It starts with the worker, loads the TypeScript it is given and parses
// the standard library while the worker waits for a job; then it checks the learner's files while the hidden
// tests run on the worker's main thread. Bundled by esbuild.js into dist/grading/typecheck-thread.js.

import { parentPort, workerData } from 'node:worker_threads';
import type * as TS from 'typescript';
import { isTypeCheckRequest, isTypeCheckSetup } from './protocol';
import { createTypeChecker } from './typecheck';

const fail = (err: unknown) => ({ error: err instanceof Error ? err.message : String(err) });

let check: ReturnType<typeof createTypeChecker> | undefined;
let setupError: unknown;
try {
  const setup: unknown = workerData;
  if (!isTypeCheckSetup(setup)) throw new Error('not a type-check setup');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the TypeScript the caller chose, by path
  check = createTypeChecker(require(setup.typescript) as typeof TS, setup.typeRoots);
} catch (err) {
  setupError = err;
}
parentPort?.postMessage({ ready: true });

parentPort?.on('message', (request: unknown) => {
  try {
    if (!check) throw setupError;
    if (!isTypeCheckRequest(request)) throw new Error('not a type-check request');
    parentPort?.postMessage({ problems: check(request.learnerDir, request.files) });
  } catch (err) {
    parentPort?.postMessage(fail(err));
  }
});
