// Runs the learner's TypeScript in the worker with no native binary: a require hook that strips types with
// sucrase (pure JavaScript, ~1 ms per file, keeps line numbers so stack traces point at the learner's lines),
// plus two resolution fallbacks — `./value.js` finds `./value.ts` (the NodeNext habit), and a bare import the
// learner's folder cannot resolve (`@tensorflow/tfjs`) is looked up in the extension's own node_modules, so the
// learner's code and the hidden tests share one copy. Sucrase does not type-check; type errors are the editor's
// job (and tsc's), the grader runs what the learner wrote.

import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import { transform } from 'sucrase';

/** A syntax error in a learner file, with where it is. */
export class LearnerSyntaxError extends SyntaxError {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    reason: string,
    shownAs: string = file,
  ) {
    super(`${shownAs}:${line}:${column}: ${reason}`);
    this.name = 'SyntaxError';
  }
}

/**
 * Strips TypeScript and turns ES module syntax into CommonJS. Throws LearnerSyntaxError with file:line:col,
 * the file named by `displayName` (relative to the learner's folder in the worker).
 */
export function transformTypeScript(source: string, filename: string, displayName: (file: string) => string = (f) => f): string {
  try {
    const out = transform(source, { transforms: ['typescript', 'imports'], filePath: filename, production: true, sourceMapOptions: { compiledFilename: filename } });
    // Lines survive the transform but columns shift where types are removed; with source maps enabled in the
    // worker, stack traces (and so the reported location) point at the learner's own columns.
    const map = { ...out.sourceMap, sources: [filename], sourcesContent: [source] };
    return `${out.code}\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}\n`;
  } catch (err) {
    const e = err as Error & { loc?: { line: number; column: number } };
    const reason = e.message.replace(/^Error transforming [^:]*: /, '').replace(/ \(\d+:\d+\)$/, '');
    // sucrase's line and column are already 1-based, like an editor's.
    if (e.loc) throw new LearnerSyntaxError(filename, e.loc.line, e.loc.column, reason, displayName(filename));
    throw err;
  }
}

interface ModuleInternals {
  _extensions: Record<string, (module: { _compile(code: string, filename: string): void }, filename: string) => void>;
  _resolveFilename(request: string, parent: unknown, isMain: boolean, options?: { paths?: string[] }): string;
}

const isBare = (request: string) => !request.startsWith('.') && !path.isAbsolute(request) && !request.startsWith('node:');

/** Where a learner's files sit and where the reference solutions are, for imports of another exercise's file. */
export interface CourseFolders {
  /** The folder graded: `<course>/<chapter>/<slug>` in a workspace, `exercises/<chapter>/<slug>/{starter,solution}` in the repository. */
  readonly learnerDir: string;
  /** The course's exercises/ folder, whose `<chapter>/<slug>/solution/` holds each reference solution. */
  readonly referenceDir: string;
  /** Exercise ids (`transformer/attention`) whose files always come from the reference, even where the learner
   *  has them: earlier exercises they have not passed yet. */
  readonly borrow?: readonly string[];
}

/**
 * A learner file may import an earlier exercise's file (`../autograd/value` from mlp.ts). When that file is not
 * there — the exercise was never scaffolded, or the file being graded is a starter or reference solution in the
 * repository, one folder deeper — the import falls back to that exercise's reference solution. Returns the
 * reference path and the exercise-relative name it stands for, or undefined when `request` does not name another
 * exercise's file.
 */
export function referenceFallback(request: string, parentFile: string, folders: CourseFolders): { file: string; standsFor: string } | undefined {
  if (!request.startsWith('.')) return undefined;
  // A reference solution that was borrowed imports further exercises the same way (block.ts -> multi-head.ts ->
  // attention.ts): read it as graded from its own solution/ folder.
  const inReference = path.relative(folders.referenceDir, parentFile).split(path.sep);
  if (inReference.length >= 4 && inReference[0] !== '..' && !path.isAbsolute(inReference[0]) && inReference[2] === 'solution') {
    folders = { ...folders, learnerDir: path.join(folders.referenceDir, inReference[0], inReference[1], 'solution') };
  }
  const variant = path.basename(folders.learnerDir);
  const inRepository = variant === 'starter' || variant === 'solution';
  const exerciseDir = inRepository ? path.dirname(folders.learnerDir) : folders.learnerDir;
  const fromLearner = path.relative(folders.learnerDir, path.dirname(parentFile));
  if (fromLearner.startsWith('..') || path.isAbsolute(fromLearner)) return undefined; // not the learner's file
  const courseRoot = path.dirname(path.dirname(exerciseDir));
  const target = path.resolve(exerciseDir, fromLearner, request);
  const parts = path.relative(courseRoot, target).split(path.sep);
  if (parts.length < 3 || parts[0] === '..' || path.isAbsolute(parts[0])) return undefined;
  if (path.join(courseRoot, parts[0], parts[1]) === exerciseDir) return undefined; // its own exercise
  return { file: path.join(folders.referenceDir, parts[0], parts[1], 'solution', ...parts.slice(2)), standsFor: parts.join('/') };
}

/** Files of other exercises that were served from their reference solution in this process (see referenceFallback). */
export const referenceFallbacksUsed = new Set<string>();
const FALLBACKS_GLOBAL = '__llmfReferenceFallbacks';

/**
 * Installs the `.ts` require hook and the resolution fallbacks for this process. `modulePaths()` and `folders()`
 * are read lazily; `displayName` shortens file names in syntax errors.
 */
export function installTypeScriptHook(
  modulePaths: () => readonly string[],
  displayName?: (file: string) => string,
  folders?: () => CourseFolders | undefined,
): void {
  // The kit's referenceFallbacks() reads this, so a hidden test can tell the learner which files were borrowed.
  (globalThis as Record<string, unknown>)[FALLBACKS_GLOBAL] = referenceFallbacksUsed;
  const internals = Module as unknown as ModuleInternals;
  internals._extensions['.ts'] = (module, filename) => {
    module._compile(transformTypeScript(fs.readFileSync(filename, 'utf8'), filename, displayName), filename);
  };
  const resolve = internals._resolveFilename;
  /** The reference file standing for another exercise's file, if `request` names one and it exists. */
  const reference = (request: string, parent: unknown, borrowedOnly: boolean): string | undefined => {
    const where = folders?.();
    const parentFile = (parent as { filename?: string } | undefined)?.filename;
    const fallback = where && parentFile ? referenceFallback(request, parentFile, where) : undefined;
    if (!fallback || (borrowedOnly && !where?.borrow?.includes(fallback.standsFor.split('/').slice(0, 2).join('/')))) return undefined;
    for (const candidate of [fallback.file, `${fallback.file}.ts`, fallback.file.replace(/\.js$/, '.ts')]) {
      if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) {
        referenceFallbacksUsed.add(fallback.standsFor.replace(/\.(js|ts)$/, ''));
        return candidate;
      }
    }
    return undefined;
  };
  internals._resolveFilename = function (request, parent, isMain, options) {
    const borrowed = request.startsWith('.') ? reference(request, parent, true) : undefined;
    if (borrowed) return borrowed;
    try {
      return resolve.call(this, request, parent, isMain, options);
    } catch (err) {
      if ((err as { code?: string }).code !== 'MODULE_NOT_FOUND') throw err;
      if (request.startsWith('.') && request.endsWith('.js')) {
        try {
          return resolve.call(this, request.slice(0, -3) + '.ts', parent, isMain, options);
        } catch {
          throw err;
        }
      }
      const missing = reference(request, parent, false);
      if (missing) return missing;
      const paths = modulePaths();
      if (isBare(request) && paths.length) {
        try {
          return resolve.call(this, request, parent, isMain, { paths: [...paths] });
        } catch {
          throw err;
        }
      }
      throw err;
    }
  };
}
