// Builds the grader once per test process, the way esbuild.js builds it into dist/, but into a temp folder and
// with both the real exercises and the fixture exercises, so the engine's tests never depend on `npm run build`.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { GradableExercise } from '../../../src/grading';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const FIXTURES = path.join(__dirname, 'fixtures');

interface BuildGradingOptions {
  outDir: string;
  exercisesDir: string;
  suffix?: string;
}
/** esbuild.js's buildGrading: the grader's part of the real build, into any folder. */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- esbuild.js is the build script itself (CommonJS)
export const { buildGrading } = require(path.join(ROOT, 'esbuild.js')) as {
  buildGrading(o: BuildGradingOptions): Promise<{ failures: Array<{ id: string; message: string }> }>;
};

let built: Promise<string> | undefined;

/** The dist folder holding grading/worker.js and the bundles of the real and the fixture hidden tests. */
export function buildDist(): Promise<string> {
  built ??= (async () => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'llmf-grading-dist-'));
    for (const exercisesDir of [path.join(ROOT, 'exercises'), path.join(FIXTURES, 'exercises')]) {
      const { failures } = await buildGrading({ outDir, exercisesDir, suffix: exercisesDir.startsWith(FIXTURES) ? '.hidden.ts' : '.test.ts' });
      if (failures.length) throw new Error(`hidden tests that do not build: ${failures.map((f) => `${f.id}: ${f.message}`).join('\n')}`);
    }
    return outDir;
  })();
  return built;
}

export const probe = (timeoutMs = 10_000): GradableExercise => ({ id: 'neural-networks/probe', chapter: 'neural-networks', slug: 'probe', timeoutMs });

/** Writes `files` into a fresh temp folder and returns it. */
export function learnerFolder(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llmf-learner-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

/** True while a process with this pid exists and runs (a zombie — killed, not yet reaped — counts as ended: in a
 *  container whose PID 1 does not reap orphans, a killed grandchild stays a zombie forever). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (macOS, Windows): kill(pid, 0) said it exists
  }
}
