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
