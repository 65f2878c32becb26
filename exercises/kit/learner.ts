// Loads the learner's module under test. The grader (src/grading, also behind `npm run test:exercises` and the
// CLI) points LLMF_LEARNER_DIR at the folder that holds the learner's files — their workspace copy, the starter
// or the reference solution — and installs a TypeScript require hook, so requiring a .ts file just works (so does
// tsx, when a test file is run by plain mocha).
//
// Call it inside a test or a hook, never at the top level of a test file: a learner file that throws while it
// loads (a typo, a TODO at module level) then fails the tests with a readable message instead of stopping mocha.

import * as fs from 'node:fs';
import * as path from 'node:path';

export const LEARNER_DIR_ENV = 'LLMF_LEARNER_DIR';

/**
 * `learner<typeof Sol>('matrix.ts', ['matmul', 'transpose'])` returns the learner's module, typed like the
 * reference solution. When `names` is given, each must be an exported function or value, so a missing or
 * misspelled export fails with "matrix.ts does not export `matmul`" rather than "m.matmul is not a function".
 */
export function learner<T>(file: string, names: readonly (keyof T & string)[] = []): T {
  const dir = process.env[LEARNER_DIR_ENV];
  if (!dir) throw new Error(`${LEARNER_DIR_ENV} is not set: the hidden tests need to know where your ${file} is.`);
  const full = path.resolve(dir, file);
  if (!fs.existsSync(full)) throw new Error(`${file} was not found in ${dir}. Did you rename or move it?`);
  let mod: Record<string, unknown>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- tests load the learner's file by path at run time
    mod = require(full) as Record<string, unknown>;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`Loading ${file} failed before any test could run: ${reason}`, { cause: err });
  }
  const missing = names.filter((n) => mod[n] === undefined);
  if (missing.length) {
    const near = missing.map((n) => nearName(n, Object.keys(mod))).filter((s): s is string => s !== undefined);
    const hint = near.length ? ` It does export ${near.join(', ')} — a spelling difference?` : ' Check the spelling and the `export` keyword.';
    throw new Error(`${file} does not export ${missing.map((n) => `\`${n}\``).join(', ')}.${hint}`);
  }
  return mod as T;
}

/** An exported name that differs from `wanted` only in case, `_`/`-`, or by one edit or swap: `matMul`, `matmull`, `mtamul`. */
function nearName(wanted: string, exported: readonly string[]): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[_-]/g, '');
  const found = exported.find((e) => norm(e) === norm(wanted)) ?? exported.find((e) => editDistance(norm(e), norm(wanted)) <= 1);
  return found === undefined ? undefined : `\`${found}\``;
}

/** Edits (insert, delete, replace, swap of neighbours) that turn `a` into `b`. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * Other exercises' files that the learner's code imported but does not have (never scaffolded), so the grader
 * served that exercise's reference solution instead — e.g. ['neural-networks/autograd/value']. A test can
 * console.log them so the learner knows which parts were not their own.
 */
export function referenceFallbacks(): string[] {
  const used = (globalThis as Record<string, unknown>).__llmfReferenceFallbacks;
  return used instanceof Set ? [...(used as Set<string>)] : [];
}

/** Prints (into the test's output, which the learner sees) which other exercises' files were borrowed, if any. */
export function noteReferenceFallbacks(): void {
  const borrowed = referenceFallbacks();
  if (borrowed.length) {
    console.log(`Note: graded with the course's reference solution for ${borrowed.join(', ')}: yours is missing, or its exercise has not passed its own tests yet.`);
  }
}
