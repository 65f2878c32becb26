// Compares numbers and (nested) arrays of numbers within a tolerance, and says where they differ: the failure
// names the worst element, its index, expected vs actual and the tolerance, e.g.
//
//   matmul(a, b): 1 of 4 elements differ by more than the tolerance;
//   worst at [1][0]: expected 43, got 42.5 (|diff| 0.5, allowed 1e-6 × (1 + |43|) = 4.4e-5)

import { AssertionError } from 'node:assert';

/** A number or an array of them, nested to any depth: `1`, `[1, 2]`, `[[1, 2], [3, 4]]`. */
export type Numeric = number | readonly Numeric[];

export interface CloseOptions {
  /** Relative+absolute tolerance: passes when |actual − expected| ≤ tol · (1 + |expected|). Default 1e-6. */
  tol?: number;
  /** What was computed, shown first in the message, e.g. `'sigmoid([0, 1])'`. */
  what?: string;
}

export const DEFAULT_TOLERANCE = 1e-6;

/** Throws an AssertionError unless `actual` has the shape of `expected` and every number is within `tol`. */
export function assertClose(actual: unknown, expected: Numeric, options: CloseOptions = {}): void {
  const tol = options.tol ?? DEFAULT_TOLERANCE;
  const prefix = options.what ? `${options.what}: ` : '';

  const shapeProblem = findShapeProblem(actual, expected, []);
  if (shapeProblem) fail(`${prefix}${shapeProblem}`, actual, expected);

  let total = 0;
  let bad = 0;
  let worst: { at: number[]; got: number; want: number; score: number } | undefined;
  forEachLeaf(actual as Numeric, expected, [], (got, want, at) => {
    total++;
    const score = excess(got, want, tol);
    if (score <= 1) return;
    bad++;
    if (!worst || score > worst.score) worst = { at, got, want, score };
  });
  if (!worst) return;
  const { at, got, want } = worst;
  const allowed = tol * (1 + Math.abs(want));
  const where = at.length ? ` at ${formatIndex(at)}` : '';
  const counted = total > 1 ? `${bad} of ${total} elements differ by more than the tolerance; worst${where}: ` : '';
  fail(
    `${prefix}${counted}expected ${want}, got ${got}` +
      ` (|diff| ${fmt(Math.abs(got - want))}, allowed ${fmtTol(tol)} × (1 + |${want}|) = ${fmt(allowed)})`,
    actual,
    expected,
  );
}

/** How many tolerances apart two numbers are: ≤ 1 passes. Equal infinities pass; NaN never does. */
function excess(got: number, want: number, tol: number): number {
  if (Number.isNaN(got) || Number.isNaN(want)) return Infinity;
  if (!Number.isFinite(want) || !Number.isFinite(got)) return got === want ? 0 : Infinity;
  return Math.abs(got - want) / (tol * (1 + Math.abs(want)));
}

function findShapeProblem(actual: unknown, expected: Numeric, at: number[]): string | undefined {
  const where = at.length ? `at ${formatIndex(at)}` : 'the result';
  if (typeof expected === 'number') {
    return typeof actual === 'number' ? undefined : `${where}: expected a number, got ${describe(actual)}`;
  }
  if (!Array.isArray(actual)) return `${where}: expected an array of length ${expected.length}, got ${describe(actual)}`;
  if (actual.length !== expected.length) {
    return `${where}: expected an array of length ${expected.length}, got one of length ${actual.length}`;
  }
  for (let i = 0; i < expected.length; i++) {
    const problem = findShapeProblem(actual[i], expected[i], [...at, i]);
    if (problem) return problem;
  }
  return undefined;
}

function forEachLeaf(actual: Numeric, expected: Numeric, at: number[], visit: (got: number, want: number, at: number[]) => void): void {
  if (typeof expected === 'number') return visit(actual as number, expected, at);
  expected.forEach((e, i) => forEachLeaf((actual as readonly Numeric[])[i], e, [...at, i], visit));
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (v === null || v === undefined) return String(v);
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${JSON.stringify(v)}`;
}

const fmtTol = (tol: number) => (tol < 1e-3 ? tol.toExponential() : String(tol));
const formatIndex = (at: readonly number[]) => at.map((i) => `[${i}]`).join('');
const fmt = (x: number) => (x === 0 || (Math.abs(x) >= 1e-3 && Math.abs(x) < 1e6) ? String(+x.toPrecision(6)) : x.toExponential(2));

function fail(message: string, actual: unknown, expected: unknown): never {
  const err = new AssertionError({ message, actual, expected, operator: 'assertClose' });
  // A diff of two 100-element arrays hides the message above it; show one only for small values.
  (err as AssertionError & { showDiff: boolean }).showDiff = JSON.stringify(expected).length <= 400;
  throw err;
}
