// Snapshots of the learner's files, taken before anything destructive (reset, restore). Stored in the extension's
// global storage, one folder per snapshot:
//   <storage>/snapshots/<chapter>/<exercise>/<id>/meta.json    { exerciseId, createdAt, reason, files }
//   <storage>/snapshots/<chapter>/<exercise>/<id>/files/<learner file>
// Plain Node fs, no vscode: unit-tested on temporary folders.
import * as fs from 'fs/promises';
import * as path from 'path';

export interface SnapshotFile {
  readonly name: string;
  readonly contents: string;
}

export interface Snapshot {
  readonly id: string;
  readonly exerciseId: string;
  /** ISO timestamp. */
  readonly createdAt: string;
  readonly reason: string;
  readonly files: readonly string[];
}

export class SnapshotError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SnapshotError';
  }
}

export class SnapshotStore {
  constructor(
    private readonly storageDir: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private exerciseDir(exerciseId: string): string {
    return path.join(this.storageDir, 'snapshots', ...exerciseId.split('/'));
  }

  async save(exerciseId: string, files: readonly SnapshotFile[], reason: string): Promise<Snapshot> {
    const createdAt = this.now().toISOString();
    const base = createdAt.replace(/[:.]/g, '-');
    const parent = this.exerciseDir(exerciseId);
    await fs.mkdir(parent, { recursive: true });
    // Two snapshots in the same millisecond get distinct folders.
    let id = base;
    for (let i = 1; ; i++) {
      try {
        await fs.mkdir(path.join(parent, id));
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        id = `${base}-${i}`;
      }
    }
    const dir = path.join(parent, id);
    for (const f of files) {
      const target = path.join(dir, 'files', f.name);
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, f.contents, 'utf8');
    }
    const snapshot: Snapshot = { id, exerciseId, createdAt, reason, files: files.map((f) => f.name) };
    // meta.json last: a snapshot without it was interrupted and is not listed.
    await fs.writeFile(path.join(dir, 'meta.json'), JSON.stringify(snapshot, null, 2), 'utf8');
    return snapshot;
  }

  /** Snapshots of one exercise, newest first. A vanished or unreadable folder lists as empty. */
  async list(exerciseId: string): Promise<Snapshot[]> {
    const parent = this.exerciseDir(exerciseId);
    let names: string[];
    try {
      names = await fs.readdir(parent);
    } catch {
      return [];
    }
    const out: Snapshot[] = [];
    for (const name of names) {
      try {
        const meta = JSON.parse(await fs.readFile(path.join(parent, name, 'meta.json'), 'utf8')) as Snapshot;
        if (meta.exerciseId === exerciseId && Array.isArray(meta.files) && typeof meta.createdAt === 'string') {
          out.push({ ...meta, id: name });
        }
      } catch {
        // An interrupted or damaged snapshot: skip it rather than hide the good ones.
      }
    }
    return out.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : b.id.localeCompare(a.id)));
  }

  async read(snapshot: Snapshot): Promise<SnapshotFile[]> {
    const dir = path.join(this.exerciseDir(snapshot.exerciseId), snapshot.id, 'files');
    try {
      return await Promise.all(snapshot.files.map(async (name) => ({ name, contents: await fs.readFile(path.join(dir, name), 'utf8') })));
    } catch (e) {
      throw new SnapshotError(
        `The snapshot from ${snapshot.createdAt} can no longer be read (${(e as Error).message}). Its folder may have been deleted; pick another snapshot.`,
      );
    }
  }
}
