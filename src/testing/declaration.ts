// Where a failure "happened" in the learner's file when the failing check ran in the hidden test itself (a wrong
// value, a named misconception): the declaration that the test's category names. Pure: no vscode.
import * as fs from 'fs';

/** 1-based line and column of the declaration of the name a test category starts with, in `file`; else 1:1. */
export function declarationOf(file: string, category: string | undefined): { line: number; column: number } {
  const name = /^[A-Za-z_$][\w$]*/.exec(category ?? '')?.[0];
  if (name) {
    try {
      const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
      const declared = new RegExp(`^\\s*(export\\s+)?(default\\s+)?(async\\s+)?(function\\*?|class|const|let|var|interface|type)\\s+${name}\\b`);
      const i = lines.findIndex((l) => declared.test(l));
      if (i >= 0) return { line: i + 1, column: lines[i].indexOf(name) + 1 };
    } catch {
      // unreadable: line 1
    }
  }
  return { line: 1, column: 1 };
}
