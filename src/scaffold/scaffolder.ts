// Writes exercises into the learner's workspace, and resets or restores them. The learner's files are sacred:
// creation is exclusive (an existing file is never overwritten), and reset/restore snapshot the current files first.
// Plain Node fs, no vscode: unit-tested on temporary folders.
import * as fsSync from 'fs';
import * as fs from 'fs/promises';
import * as path from 'path';
import { exerciseLayout } from '../course/types';
import type { Exercise } from '../course/types';
import { TYPES_DIR, TYPES_STAMP, exerciseDir } from './layout';
import { importedExercises, planScaffold } from './plan';
import type { PlannedFile } from './plan';
import type { Snapshot, SnapshotFile, SnapshotStore } from './snapshots';

export class ScaffoldError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'ScaffoldError';
  }
}

export interface ScaffoldResult {
  readonly created: readonly string[];
  readonly kept: readonly string[];
  readonly taskFile: string;
  /** The learner files, in manifest order. */
  readonly learnerFiles: readonly string[];
}

export interface ScaffolderOptions {
  /** The extension's `exercises/` folder (starters, task statements). */
  readonly contentDir: string;
  /** The extension's `dist/types/` folder (declarations copied into the workspace), and its version stamp. */
  readonly typesDir: string;
  readonly version: string;
  readonly snapshots: SnapshotStore;
}

export class Scaffolder {
  constructor(private readonly opts: ScaffolderOptions) {}

  async scaffold(root: string, e: Exercise): Promise<ScaffoldResult> {
    if (e.comingSoon) throw new ScaffoldError(`"${e.title}" is coming soon: its content has not landed yet.`);
    const plan = planScaffold(root, e, { starter: (f) => this.content(exerciseLayout.starter(e, f)), task: () => this.content(exerciseLayout.taskStatement(e)) }, (p) =>
      fsSync.existsSync(p),
    );
    const created: string[] = [];
    const kept: string[] = [];
    for (const f of plan) {
      if (f.action === 'keep' || !(await this.createExclusive(f))) kept.push(f.path);
      else created.push(f.path);
    }
    await this.ensureTypes(root);
    return {
      created,
      kept,
      taskFile: plan.find((f) => f.role === 'task')!.path,
      learnerFiles: plan.filter((f) => f.role === 'learner').map((f) => f.path),
    };
  }

  /**
   * The earlier exercises `e`'s starter imports, directly or through their own starters (block -> multi-head ->
   * attention), nearest first. `exercise` looks an id up in the catalog.
   */
  dependencies(e: Exercise, exercise: (id: string) => Exercise | undefined): Exercise[] {
    const found: Exercise[] = [];
    const queue = [e];
    for (let next = queue.shift(); next; next = queue.shift()) {
      for (const f of next.files) {
        let source: string;
        try {
          source = this.content(exerciseLayout.starter(next, f));
        } catch {
          continue; // a missing starter is the scaffold's own error to report
        }
        for (const id of importedExercises(next, source)) {
          const dep = exercise(id);
          if (dep && dep.id !== e.id && !found.includes(dep) && !dep.comingSoon) {
            found.push(dep);
            queue.push(dep);
          }
        }
      }
    }
    return found;
  }

  /** Snapshots the learner's current files, then puts the starter back. Returns the snapshot (undefined if no file existed). */
  async reset(root: string, e: Exercise): Promise<Snapshot | undefined> {
    const snapshot = await this.snapshotCurrent(root, e, 'before reset');
    const dir = exerciseDir(root, e);
    for (const f of e.files) await this.write(path.join(dir, f), this.content(exerciseLayout.starter(e, f)));
    return snapshot;
  }

  /** Snapshots the current files (so a restore can be undone), then writes the snapshot's files back. */
  async restore(root: string, e: Exercise, files: readonly SnapshotFile[]): Promise<Snapshot | undefined> {
    const before = await this.snapshotCurrent(root, e, 'before restore');
    const dir = exerciseDir(root, e);
    for (const f of files) await this.write(path.join(dir, f.name), f.contents);
    return before;
  }

  private async snapshotCurrent(root: string, e: Exercise, reason: string): Promise<Snapshot | undefined> {
    const dir = exerciseDir(root, e);
    const files: SnapshotFile[] = [];
    for (const name of e.files) {
      try {
        files.push({ name, contents: await fs.readFile(path.join(dir, name), 'utf8') });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new ScaffoldError(`Could not read ${name} to snapshot it: ${(err as Error).message}`, err);
      }
    }
    return files.length ? this.opts.snapshots.save(e.id, files, reason) : undefined;
  }

  /** Creates a file unless it exists. Returns false if it appeared meanwhile (then it is kept as it is). */
  private async createExclusive(f: PlannedFile): Promise<boolean> {
    try {
      await fs.mkdir(path.dirname(f.path), { recursive: true });
      await fs.writeFile(f.path, f.contents ?? '', { encoding: 'utf8', flag: 'wx' });
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw writeError(f.path, err);
    }
  }

  private async write(file: string, contents: string): Promise<void> {
    try {
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(file, contents, 'utf8');
    } catch (err) {
      throw writeError(file, err);
    }
  }

  /** Copies the type declarations into `<root>/.types` when missing or from another extension version. */
  async ensureTypes(root: string): Promise<void> {
    const stamp = path.join(root, TYPES_STAMP);
    const current = await fs.readFile(stamp, 'utf8').catch(() => '');
    if (current.trim() === this.opts.version) return;
    const target = path.join(root, TYPES_DIR);
    const staging = `${target}.tmp-${process.pid}`;
    try {
      await fs.rm(staging, { recursive: true, force: true });
      await fs.cp(this.opts.typesDir, staging, { recursive: true });
      await fs.writeFile(path.join(staging, '.gitignore'), '# Generated by LLM Foundations\n*\n', 'utf8');
      await fs.writeFile(path.join(staging, 'VERSION'), `${this.opts.version}\n`, 'utf8');
      // `.types` is the extension's own folder (never learner work), so replacing it whole is safe.
      await fs.rm(target, { recursive: true, force: true });
      await fs.rename(staging, target);
    } catch (err) {
      await fs.rm(staging, { recursive: true, force: true }).catch(() => undefined);
      throw writeError(target, err);
    }
  }

  private content(rel: string): string {
    try {
      return fsSync.readFileSync(path.join(this.opts.contentDir, rel), 'utf8');
    } catch (err) {
      throw new ScaffoldError(`The extension's copy of ${rel} is missing; reinstalling LLM Foundations should fix it.`, err);
    }
  }
}

function writeError(file: string, err: unknown): ScaffoldError {
  const code = (err as NodeJS.ErrnoException).code;
  const why =
    code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
      ? 'the folder is read-only or you lack permission to write there'
      : code === 'ENOSPC'
        ? 'the disk is full'
        : (err as Error).message;
  return new ScaffoldError(`Could not write ${file}: ${why}. Nothing of yours was changed.`, err);
}
