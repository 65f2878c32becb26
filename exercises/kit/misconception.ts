// A misconception is a classic mistake the tests recognize by its fingerprint (matmul that multiplies entry by
// entry, a sigmoid that overflows into NaN). Naming it teaches more than "expected 19, got 5".

export class MisconceptionError extends Error {
  constructor(
    readonly misconception: string,
    readonly explanation: string,
  ) {
    super(`Misconception: ${misconception} — ${explanation}`);
    this.name = 'MisconceptionError';
  }
}

/**
 * `throw misconception('elementwise product', 'matmul multiplied a[i][j] * b[i][j]; ...')` fails the test with
 * the message "Misconception: elementwise product — matmul multiplied ...".
 */
export function misconception(name: string, explanation: string): MisconceptionError {
  return new MisconceptionError(name, explanation);
}
