// The one results format of the grader, shared by the extension, the CLI and the integrity check. It is shaped
// like Exercism's test-runner results.json v3 (https://exercism.org/docs/building/tooling/test-runners/interface)
// — `version`, a run `status`, a run `message` when the run itself errored, and one entry per test — plus the
// fields the extension needs to show a failure well: `category` (the mocha describe title), `expected`/`actual`
// (for TestMessage.diff), `misconception` (the mistake the failure reveals) and `location` (in the learner's file).

/** `pass`: every test passed. `fail`: at least one test failed. `error`: the run itself broke (timeout, crash…). */
export type Status = 'pass' | 'fail' | 'error';

/** A position in one of the learner's files; `file` is relative to the learner's folder, line and column 1-based. */
export interface Location {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export interface TestResult {
  /** The test's own title (the `it` title). */
  readonly name: string;
  /** `fail`: an assertion or misconception check failed; `error`: the code under test threw or never finished. */
  readonly status: Status;
  readonly message?: string;
  /** The enclosing describe titles joined by ' › ', without the leading `<exercise-id>: `. */
  readonly category?: string;
  /** Both present when the failure compared two values; printable text, ready for a diff view. */
  readonly expected?: string;
  readonly actual?: string;
  /** The misconception's name when the failure is a recognized classic mistake. */
  readonly misconception?: string;
  readonly location?: Location;
  /** What the test printed (console.log and friends), cut at 2,000 characters; absent when it printed nothing. */
  readonly output?: string;
}

export interface Results {
  readonly version: 3;
  readonly status: Status;
  /** Why the run errored (status `error`); absent otherwise. */
  readonly message?: string;
  readonly tests: readonly TestResult[];
  /** The exercise id, when known. */
  readonly exercise?: string;
  /** Milliseconds from the request to the results. */
  readonly durationMs?: number;
  /** Peak resident memory of the test process, in KiB, when it finished normally. */
  readonly peakRssKb?: number;
}

const STATUSES: readonly string[] = ['pass', 'fail', 'error'];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const optString = (v: unknown) => v === undefined || typeof v === 'string';
const optNumber = (v: unknown) => v === undefined || (typeof v === 'number' && Number.isFinite(v));

export function isLocation(v: unknown): v is Location {
  return isRecord(v) && typeof v.file === 'string' && Number.isInteger(v.line) && Number.isInteger(v.column);
}

export function isTestResult(v: unknown): v is TestResult {
  return (
    isRecord(v) &&
    typeof v.name === 'string' &&
    typeof v.status === 'string' &&
    STATUSES.includes(v.status) &&
    optString(v.message) &&
    optString(v.category) &&
    optString(v.expected) &&
    optString(v.actual) &&
    optString(v.misconception) &&
    optString(v.output) &&
    (v.location === undefined || isLocation(v.location))
  );
}

/** True when `v` is a well-formed Results object (version 3, known statuses, every test well-formed). */
export function isResults(v: unknown): v is Results {
  return (
    isRecord(v) &&
    v.version === 3 &&
    typeof v.status === 'string' &&
    STATUSES.includes(v.status) &&
    optString(v.message) &&
    optString(v.exercise) &&
    optNumber(v.durationMs) &&
    optNumber(v.peakRssKb) &&
    Array.isArray(v.tests) &&
    v.tests.every(isTestResult)
  );
}

/** The run status the tests imply: `pass` only when there is at least one test and every test passed. */
export function statusOf(tests: readonly TestResult[]): Status {
  if (tests.length === 0) return 'error';
  return tests.every((t) => t.status === 'pass') ? 'pass' : 'fail';
}

/** "7 of 9 tests passed" */
export function scoreLine(r: Results): string {
  const passed = r.tests.filter((t) => t.status === 'pass').length;
  return `${passed} of ${r.tests.length} test${r.tests.length === 1 ? '' : 's'} passed`;
}

/** A type error the TypeScript checker found in one of the learner's files; file relative to their folder. */
export interface TypeProblem extends Location {
  /** The TS error number, e.g. 2322. */
  readonly code?: number | string;
  readonly message: string;
}

export const TYPE_CHECK = { category: 'TypeScript', name: 'type-checks without errors' } as const;
const SHOWN_TYPE_PROBLEMS = 10;

/**
 * Adds the type check's findings to a run's results: when the learner's files have type errors, one more failed
 * test lists them, located at the first — the grader runs the code with its types stripped, so a mistyped export
 * could otherwise pass. Clean files add nothing (the score counts the hidden tests). A run that errored before
 * any test keeps its own message.
 */
export function withTypeCheck(r: Results, problems: readonly TypeProblem[]): Results {
  const first = problems[0];
  if (!first || (r.status === 'error' && r.tests.length === 0)) return r;
  const test: TestResult = {
    ...TYPE_CHECK,
    status: 'fail',
    message: [
      `TypeScript reports ${problems.length} error${problems.length === 1 ? '' : 's'} in your code (the hidden tests ran it with the types stripped; fix ${problems.length === 1 ? 'it' : 'them'} to pass):`,
      ...problems.slice(0, SHOWN_TYPE_PROBLEMS).map((p) => `${p.file}:${p.line}:${p.column} ${p.code === undefined ? '' : `TS${p.code}: `}${p.message}`),
      ...(problems.length > SHOWN_TYPE_PROBLEMS ? [`… and ${problems.length - SHOWN_TYPE_PROBLEMS} more`] : []),
    ].join('\n'),
    location: { file: first.file, line: first.line, column: first.column },
  };
  const tests = [...r.tests, test];
  return { ...r, tests, status: r.status === 'error' ? 'error' : statusOf(tests) };
}
