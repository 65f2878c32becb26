// The type check of a learner's files. The grader runs their code with its types stripped (sucrase), so without
// this a mistyped export could pass. It runs in a thread of the grading worker (typecheck-thread.ts), alongside
// the tests, with the TypeScript the caller names: VS Code's own in the extension, the clone's node_modules in the
// CLI. The options are those of the tsconfig the extension writes into the learner's course folder.

import * as path from 'node:path';
import type * as TS from 'typescript';
import type { TypeProblem } from './results';

/** "Cannot find module" for another exercise's file: the grader serves that one from the reference solution. */
const IGNORED_CODES = new Set([2307]);

/**
 * A type checker for learner folders. Creating it loads TypeScript's standard library declarations (the slow
 * part); each check then reuses them. `typeRoots` are folders holding `@tensorflow/*` declarations (the
 * extension's dist/types, a clone's node_modules).
 */
export function createTypeChecker(ts: typeof TS, typeRoots: readonly string[]): (dir: string, files: readonly string[]) => TypeProblem[] {
  const tfjs = typeRoots.map((p) => path.join(p, '@tensorflow', '*'));
  const options: TS.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    esModuleInterop: true,
    types: [],
    ...(tfjs.length ? { paths: { '@tensorflow/*': tfjs } } : {}),
  };
  // The standard library and the TF.js declarations never change while a worker lives: parse them once.
  const fixed = [path.dirname(ts.getDefaultLibFilePath(options)), ...typeRoots].map((d) => path.resolve(d) + path.sep);
  const host = ts.createCompilerHost(options);
  const parsed = new Map<string, TS.SourceFile | undefined>();
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, version, onError, shouldCreate) => {
    if (path.resolve(fileName) === warmFile) return ts.createSourceFile(fileName, warmSource, ts.ScriptTarget.ES2022);
    if (!fixed.some((d) => path.resolve(fileName).startsWith(d))) return getSourceFile(fileName, version, onError, shouldCreate);
    if (!parsed.has(fileName)) parsed.set(fileName, getSourceFile(fileName, version, onError, shouldCreate));
    return parsed.get(fileName);
  };
  // Parse them now, while the worker waits: a virtual learner file that uses TF.js pulls in the libraries and
  // TF.js's declarations (~2 s); a real check afterwards only parses the learner's own files (~70 ms).
  const warmFile = path.resolve(typeRoots[0] ?? '.', '.llmf-warm-up.ts');
  const warmSource = "import * as tf from '@tensorflow/tfjs';\nexport const t: tf.Tensor | number = Math.max(1, 2);\nconsole.log(t);\n";
  const { fileExists, readFile } = host;
  host.fileExists = (f) => path.resolve(f) === warmFile || fileExists.call(host, f);
  host.readFile = (f) => (path.resolve(f) === warmFile ? warmSource : readFile.call(host, f));
  let previous = ts.createProgram([warmFile], options, host);
  ts.getPreEmitDiagnostics(previous);

  return (dir, files) => {
    const roots = files.filter((f) => /\.tsx?$/.test(f)).map((f) => path.resolve(dir, f));
    const program = ts.createProgram(roots, options, host, previous); // reuses module resolutions where it can
    previous = program;
    const wanted = new Set(roots);
    return ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.category === ts.DiagnosticCategory.Error && d.file && wanted.has(path.resolve(d.file.fileName)) && !IGNORED_CODES.has(d.code))
      .map((d) => {
        const { line, character } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
        return {
          file: path.relative(dir, d.file!.fileName).split(path.sep).join('/'),
          line: line + 1,
          column: character + 1,
          code: d.code,
          message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
        };
      });
  };
}
