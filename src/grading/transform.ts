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

/**
 * Installs the `.ts` require hook and the resolution fallbacks for this process. `modulePaths()` is read lazily;
 * `displayName` shortens file names in syntax errors.
 */
export function installTypeScriptHook(modulePaths: () => readonly string[], displayName?: (file: string) => string): void {
  const internals = Module as unknown as ModuleInternals;
  internals._extensions['.ts'] = (module, filename) => {
    module._compile(transformTypeScript(fs.readFileSync(filename, 'utf8'), filename, displayName), filename);
  };
  const resolve = internals._resolveFilename;
  internals._resolveFilename = function (request, parent, isMain, options) {
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
