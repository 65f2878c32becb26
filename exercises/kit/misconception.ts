// A misconception is a classic mistake the tests recognize by its fingerprint (matmul that multiplies entry by
// entry, a sigmoid that overflows into NaN). Naming it teaches more than "expected 19, got 5".

/** The values behind a misconception, so the grader can show expected vs actual as a diff. */
export interface MisconceptionValues {
  readonly expected: unknown;
  readonly actual: unknown;
}

export class MisconceptionError extends Error {
  /** Present when the test passed `values`: what a correct answer is and what came back. */
  readonly expected?: unknown;
  readonly actual?: unknown;

  constructor(
    readonly misconception: string,
    readonly explanation: string,
    values?: MisconceptionValues,
  ) {
    super(`Misconception: ${misconception} — ${explanation}`);
    this.name = 'MisconceptionError';
    if (values) {
      this.expected = values.expected;
      this.actual = values.actual;
    }
  }
}

/**
 * `throw misconception('elementwise product', 'matmul multiplied a[i][j] * b[i][j]; ...', { expected, actual })`
 * fails the test with the message "Misconception: elementwise product — matmul multiplied ..."; with `values`
 * the grader also shows expected vs actual side by side.
 */
export function misconception(name: string, explanation: string, values?: MisconceptionValues): MisconceptionError {
  return new MisconceptionError(name, explanation, values);
}
