// Turns what a failing hidden test threw into a TestResult: a message a learner can act on, expected/actual for
// a diff, the misconception it reveals, and where in the learner's files it happened.

import * as path from 'node:path';
import { inspect } from 'node:util';
import type { Location, TestResult } from './results';

/** Longest expected/actual text kept for a diff; a larger value is cut with a note. */
const MAX_VALUE_CHARS = 20_000;

/** Operators whose expected/actual are not worth a diff: `assert.ok(x)` compares to `true`, `assert.fail` to nothing. */
const NO_DIFF_OPERATORS: readonly unknown[] = ['==', 'fail'];

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  stack?: unknown;
  cause?: unknown;
  code?: unknown;
  expected?: unknown;
  actual?: unknown;
  operator?: unknown;
  misconception?: unknown;
  file?: unknown;
  line?: unknown;
  column?: unknown;
}

const asError = (v: unknown): ErrorLike | undefined => (typeof v === 'object' && v !== null ? (v as ErrorLike) : undefined);

/** The error and its `cause` chain (the kit's learner() wraps load errors), outermost first. */
function chain(err: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  for (let e = asError(err); e && out.length < 10; e = asError(e.cause)) out.push(e);
  return out;
}

const RAW = '@@llmf-raw@@';

/** JSON on one line, with NaN, ±Infinity and undefined kept visible instead of turned into null. */
function compactJson(v: unknown): string | undefined {
  const json = JSON.stringify(v, (_, x: unknown) => (x === undefined || (typeof x === 'number' && !Number.isFinite(x)) ? `${RAW}${String(x)}` : x)) as string | undefined;
  return json?.replace(new RegExp(`"${RAW}([^"]*)"`, 'g'), '$1');
}

/**
 * Printable text for a diff view: strings as they are; numbers and arrays as JSON with a matrix one row per line
 * (`[[1,2],\n [3,4]]`), so a diff shows which row differs; anything else through util.inspect.
 */
export function formatValue(v: unknown): string {
  let text: string | undefined;
  if (typeof v === 'string') text = v;
  else {
    try {
      text = Array.isArray(v) && v.length > 1 && v.every(Array.isArray) ? `[${v.map(compactJson).join(',\n ')}]` : compactJson(v);
    } catch {
      text = undefined; // a cycle or a BigInt: inspect below copes with both
    }
    text ??= inspect(v, { depth: 6 });
  }
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}\n… (${text.length - MAX_VALUE_CHARS} more characters)` : text;
}

const isStackOverflow = (e: ErrorLike) => e.name === 'RangeError' && typeof e.message === 'string' && e.message.includes('Maximum call stack size exceeded');

/** The first place in the learner's folder: a syntax error's position, else the top stack frame in a learner file. */
export function learnerLocation(err: unknown, learnerDir: string): Location | undefined {
  const inside = (file: string) => {
    const rel = path.relative(learnerDir, file);
    return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : undefined;
  };
  for (const e of chain(err)) {
    if (typeof e.file === 'string' && typeof e.line === 'number' && typeof e.column === 'number') {
      const file = inside(e.file);
      if (file) return { file, line: e.line, column: e.column };
    }
  }
  for (const e of chain(err)) {
    if (typeof e.stack !== 'string') continue;
    // V8 frames: `    at fn (/path/file.ts:3:9)` or `    at /path/file.ts:3:9`. A path may itself hold " (", so try
    // the whole text and every part after a " (", and keep the first absolute path inside the learner's folder.
    for (const m of e.stack.matchAll(/^\s*at (.+?\.ts):(\d+):(\d+)\)?$/gm)) {
      const text = m[1];
      const candidates = [text, ...[...text.matchAll(/ \(/g)].map((x) => text.slice((x.index ?? 0) + 2))];
      for (const c of candidates.filter((c) => path.isAbsolute(c))) {
        const file = inside(c);
        if (file) return { file, line: Number(m[2]), column: Number(m[3]) };
      }
    }
  }
  return undefined;
}

export interface FailureContext {
  readonly name: string;
  readonly category?: string;
  readonly learnerDir: string;
}

export function testResultFromError(err: unknown, ctx: FailureContext): TestResult {
  const e = asError(err) ?? { message: String(err) };
  const errors = chain(err);
  const name = typeof e.name === 'string' ? e.name : 'Error';
  const raw = typeof e.message === 'string' ? e.message : String(err);
  const misconception = errors.map((x) => x.misconception).find((m): m is string => typeof m === 'string');
  const isAssertion = name === 'AssertionError' || misconception !== undefined;

  let message: string;
  if (errors.some(isStackOverflow)) {
    const where = raw.includes('Maximum call stack size exceeded') ? '' : ` (${raw})`;
    message =
      `Stack overflow (RangeError: Maximum call stack size exceeded)${where}: a function kept calling itself without ` +
      'reaching its base case, or the recursion is too deep for this input — check the stopping condition, or use a loop.';
  } else if (isAssertion || name === 'Error') {
    message = raw;
  } else {
    message = `${name}: ${raw}`;
  }

  const hasDiff = e.expected !== undefined && !NO_DIFF_OPERATORS.includes(e.operator);
  const location = learnerLocation(err, ctx.learnerDir);
  return {
    name: ctx.name,
    status: isAssertion ? 'fail' : 'error',
    message,
    ...(ctx.category ? { category: ctx.category } : {}),
    ...(hasDiff ? { expected: formatValue(e.expected), actual: formatValue(e.actual) } : {}),
    ...(misconception ? { misconception } : {}),
    ...(location ? { location } : {}),
  };
}
