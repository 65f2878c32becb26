// The scaffolding plan: which files to create for an exercise, and which to leave alone because the learner has
// them already. Pure: the caller says what exists and supplies the contents.
import * as path from 'path';
import type { Exercise } from '../course/types';
import { TASK_FILE, exerciseDir, workspaceTsconfig } from './layout';

export interface PlannedFile {
  readonly path: string;
  /** `create`: write it (exclusively: a file that appears meanwhile is still never overwritten); `keep`: leave it. */
  readonly action: 'create' | 'keep';
  readonly role: 'learner' | 'task' | 'tsconfig';
  /** The contents for `create`. */
  readonly contents?: string;
}

export interface ScaffoldSources {
  starter(file: string): string;
  task(): string;
}

export function planScaffold(root: string, e: Exercise, sources: ScaffoldSources, exists: (p: string) => boolean): PlannedFile[] {
  const dir = exerciseDir(root, e);
  const plan = (p: string, role: PlannedFile['role'], contents: () => string): PlannedFile =>
    exists(p) ? { path: p, action: 'keep', role } : { path: p, action: 'create', role, contents: contents() };
  return [
    plan(path.join(root, 'tsconfig.json'), 'tsconfig', workspaceTsconfig),
    plan(path.join(dir, TASK_FILE), 'task', () => sources.task()),
    ...e.files.map((f) => plan(path.join(dir, f), 'learner', () => sources.starter(f))),
  ];
}

/**
 * The ids of other exercises whose files `source` (a learner file of `e`) imports relatively, as the file sits in
 * the course folder: `import { Value } from '../autograd/value'` in neural-networks/mlp -> neural-networks/autograd;
 * `'../../transformer/attention/attention'` in capstone/mini-gpt -> transformer/attention. Imports a starter shows
 * commented out (`//   import { layerNorm } from '../layer-norm/layer-norm';`, for the learner to enable) count.
 */
export function importedExercises(e: Pick<Exercise, 'chapter' | 'slug'>, source: string): string[] {
  const ids = new Set<string>();
  const importFrom = /^\s*(?:\/\/\s*)?(?:import|export)\b[^'"\n]*?\bfrom\s*['"](\.{1,2}\/[^'"]+)['"]/gm;
  for (const m of source.matchAll(importFrom)) {
    const parts = path.posix.normalize(path.posix.join(e.chapter, e.slug, m[1])).split('/');
    if (parts.length >= 3 && parts[0] !== '..' && !(parts[0] === e.chapter && parts[1] === e.slug)) ids.add(`${parts[0]}/${parts[1]}`);
  }
  return [...ids];
}
