// TF.js helpers for hidden tests (chapters 4, 5 and the capstone). Typed by shape, not imported from TF.js, so the
// kit stays free of it for the from-scratch chapters; a test passes its own `tf` where one is needed.
//
//   assertTensorClose(out, { shape: [2, 3], dtype: 'float32', values: [[...], [...]] }, { what: 'attention(q, k, v)' });
//   const out = await expectNoTensorLeak(tf, () => layerNorm(x, g, b), 'layerNorm');

import { AssertionError } from 'node:assert';
import type { CloseOptions, Numeric } from './assert-close';
import { assertClose } from './assert-close';
import { misconception } from './misconception';

/** What the kit needs of a tf.Tensor. */
export interface TensorLike {
  readonly shape: readonly number[];
  readonly dtype: string;
  arraySync(): unknown;
}

/** What the kit needs of the tf module. */
export interface TfLike {
  memory(): { numTensors: number };
}

/** The default tolerance for float32 TF.js math (COURSE.md): 1e-4 relative+absolute. */
export const TENSOR_TOLERANCE = 1e-4;

export function isTensorLike(v: unknown): v is TensorLike {
  return (
    typeof v === 'object' && v !== null && Array.isArray((v as TensorLike).shape) && typeof (v as TensorLike).dtype === 'string' && typeof (v as TensorLike).arraySync === 'function'
  );
}

export interface ExpectedTensor {
  readonly shape: readonly number[];
  /** Checked when given. */
  readonly dtype?: string;
  readonly values: Numeric;
}

/** Throws unless `actual` is a tensor of the expected shape (and dtype) whose values are within the tolerance. */
export function assertTensorClose(actual: unknown, expected: ExpectedTensor, options: CloseOptions = {}): void {
  const prefix = options.what ? `${options.what}: ` : '';
  if (!isTensorLike(actual)) {
    throw new AssertionError({ message: `${prefix}expected a tf.Tensor, got ${actual === null ? 'null' : typeof actual}`, expected: 'a tf.Tensor', actual });
  }
  const shape = (s: readonly number[]) => `[${s.join(', ')}]`;
  if (shape(actual.shape) !== shape(expected.shape)) {
    throw new AssertionError({ message: `${prefix}expected shape ${shape(expected.shape)}, got ${shape(actual.shape)}`, expected: shape(expected.shape), actual: shape(actual.shape) });
  }
  if (expected.dtype && actual.dtype !== expected.dtype) {
    throw new AssertionError({ message: `${prefix}expected dtype ${expected.dtype}, got ${actual.dtype}`, expected: expected.dtype, actual: actual.dtype });
  }
  assertClose(actual.arraySync(), expected.values, { tol: TENSOR_TOLERANCE, ...options });
}

/**
 * Runs `fn` and fails with the "tensor leak" misconception if it leaves tensors allocated beyond the ones it
 * returns (a tensor, or tensors inside a returned array or object).
 */
export async function expectNoTensorLeak<T>(tf: TfLike, fn: () => T | Promise<T>, what = 'your function'): Promise<T> {
  const before = tf.memory().numTensors;
  const result = await fn();
  const leaked = tf.memory().numTensors - before - countTensors(result, new Set());
  if (leaked > 0) {
    throw misconception(
      'tensor leak',
      `${what} left ${leaked} intermediate tensor${leaked === 1 ? '' : 's'} allocated. TF.js does not free tensors by itself: wrap intermediate work in tf.tidy(() => …), or dispose() what you no longer need.`,
    );
  }
  return result;
}

function countTensors(v: unknown, seen: Set<unknown>): number {
  if (typeof v !== 'object' || v === null || seen.has(v)) return 0;
  seen.add(v);
  if (isTensorLike(v)) return 1;
  const values = Array.isArray(v) ? v : Object.values(v as Record<string, unknown>);
  return values.reduce<number>((n, x) => n + countTensors(x, seen), 0);
}
