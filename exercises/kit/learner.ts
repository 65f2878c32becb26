// Loads the learner's module under test. The grader (and `npm run test:exercises`) points LLMF_LEARNER_DIR at
// the folder that holds the learner's files — their workspace copy, the starter or the reference solution — and
// runs the hidden tests under tsx, so requiring a .ts file just works.
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
    throw new Error(`${file} does not export ${missing.map((n) => `\`${n}\``).join(', ')} (check the spelling and the \`export\` keyword).`);
  }
  return mod as T;
}
