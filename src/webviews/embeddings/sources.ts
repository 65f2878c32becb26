// Where the visualizer's vector sets come from: the shipped GloVe subset, the learner's own word2vec output
// (<course folder>/embeddings/word2vec/vectors.vec, offered only when it exists), and any .vec/.txt/.tsv file in the
// workspace (a projector TSV gets the metadata TSV beside it), and files the learner picked with "Browse…" in the
// host's open dialog (anywhere on disk). The webview only ever names a source by an id this class offered, so it
// cannot make the host read an arbitrary path.

import * as path from 'path';
import { promisify } from 'util';
import { gunzip } from 'zlib';
import * as vscode from 'vscode';
import type { VectorSource } from './protocol';
import { parseVectors } from './vectors';
import type { VectorSet } from './vectors';

const gunzipAsync = promisify(gunzip);

/** The shipped GloVe vectors, relative to the extension. */
export const GLOVE_FILE = ['media', 'data', 'glove', 'glove100d-top10k.txt.gz'] as const;
/** The learner's word2vec vectors, relative to the course folder. */
export const LEARNER_VECTORS = ['embeddings', 'word2vec', 'vectors.vec'] as const;
/** Files larger than this are refused with a message instead of being read into memory. */
const MAX_FILE_BYTES = 512 * 1024 * 1024;
/** How many workspace files the picker offers. */
const MAX_WORKSPACE_FILES = 200;

interface ResolvedSource extends VectorSource {
  readonly uri: vscode.Uri;
  readonly metadata?: vscode.Uri;
}

export interface LoadedSet extends VectorSet {
  readonly name: string;
}

export class VectorSources {
  private offered = new Map<string, ResolvedSource>();
  /** Files the learner picked in the open dialog; offered from then on, beside what `list()` finds. */
  private readonly picked = new Map<string, ResolvedSource>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    /** The course folder (exercises root) of the open workspace, if any. */
    private readonly courseRoot: () => string | undefined,
  ) {}

  /** Looks for the sets on offer now (the learner's file and workspace files come and go). */
  async list(): Promise<VectorSource[]> {
    const found: ResolvedSource[] = [
      { id: 'glove', label: 'GloVe 100-d, 10k words', description: 'shipped with the course (Wikipedia + Gigaword)', uri: vscode.Uri.joinPath(this.extensionUri, ...GLOVE_FILE) },
    ];
    const root = safe(this.courseRoot);
    const learner = root ? vscode.Uri.file(path.join(root, ...LEARNER_VECTORS)) : undefined;
    if (learner && (await exists(learner))) {
      found.push({ id: 'learner', label: 'Your word2vec vectors', description: vscode.workspace.asRelativePath(learner), uri: learner });
    }
    if (vscode.workspace.workspaceFolders?.length) {
      const files = await vscode.workspace.findFiles('**/*.{vec,txt,tsv}', '{**/node_modules/**,**/.git/**,**/.types/**}', MAX_WORKSPACE_FILES * 2);
      const names = new Set(files.map((f) => f.toString()));
      const candidates = files
        .filter((f) => !/metadata[^/]*\.tsv$/i.test(f.path) && f.toString() !== learner?.toString())
        .sort((a, b) => a.path.localeCompare(b.path))
        .slice(0, MAX_WORKSPACE_FILES);
      for (const uri of candidates) {
        const rel = vscode.workspace.asRelativePath(uri);
        const metadata = uri.path.endsWith('.tsv') ? metadataFor(uri).find((m) => names.has(m.toString())) : undefined;
        found.push({
          id: `file:${rel}`,
          label: path.posix.basename(uri.path),
          description: metadata ? `${rel} (labels: ${path.posix.basename(metadata.path)})` : rel,
          uri,
          metadata,
        });
      }
    }
    const all = [...found.filter((s) => !this.picked.has(s.id)), ...this.picked.values()];
    this.offered = new Map(all.map((s) => [s.id, s]));
    return all.map(({ id, label, description }) => ({ id, label, description }));
  }

  /**
   * Offers a file the learner picked (in the workspace or not) and returns it as a source to load; `metadata` is the
   * projector metadata TSV for a `.tsv` file, if any.
   */
  add(uri: vscode.Uri, metadata?: vscode.Uri): VectorSource {
    const rel = vscode.workspace.asRelativePath(uri); // the full path when it is outside the workspace
    const description = metadata ? `${rel} (labels: ${path.posix.basename(metadata.path)})` : rel;
    const source: ResolvedSource = { id: `file:${rel}`, label: path.posix.basename(uri.path), description, uri, metadata };
    this.picked.set(source.id, source);
    this.offered.set(source.id, source);
    return { id: source.id, label: source.label, description: source.description };
  }

  /** The projector's metadata TSV beside a picked `.tsv` file, when one of the usual names exists. */
  async metadataBeside(uri: vscode.Uri): Promise<vscode.Uri | undefined> {
    if (!uri.path.endsWith('.tsv')) return undefined;
    for (const m of metadataFor(uri)) if (m.toString() !== uri.toString() && (await exists(m))) return m;
    return undefined;
  }

  /** Reads and parses the set `id` (one `list()` offered); rejects with a message meant for the learner. */
  async load(id: string): Promise<LoadedSet> {
    if (!this.offered.size) await this.list();
    const source = this.offered.get(id);
    if (!source) throw new Error(`The vector set "${id}" is no longer available; pick another one.`);
    const stat = await vscode.workspace.fs.stat(source.uri).then(
      (s) => s,
      () => undefined,
    );
    if (!stat) throw new Error(`${source.description} could not be found.`);
    if (stat.size > MAX_FILE_BYTES) throw new Error(`${source.label} is ${(stat.size / 2 ** 20).toFixed(0)} MB; the visualizer reads files up to ${MAX_FILE_BYTES / 2 ** 20} MB.`);
    let bytes: Uint8Array = await vscode.workspace.fs.readFile(source.uri);
    if (source.uri.path.endsWith('.gz')) bytes = await gunzipAsync(bytes);
    const metadata = source.metadata ? new TextDecoder().decode(await vscode.workspace.fs.readFile(source.metadata)) : undefined;
    const set = parseVectors(new TextDecoder().decode(bytes), { fileName: source.uri.path.replace(/\.gz$/, ''), metadata });
    return { ...set, name: source.label };
  }
}

/** The projector's metadata file names for `vectors.tsv`: metadata.tsv, vectors_metadata.tsv, vectors.metadata.tsv, vectors-metadata.tsv. */
function metadataFor(uri: vscode.Uri): vscode.Uri[] {
  const dir = vscode.Uri.joinPath(uri, '..');
  const base = path.posix.basename(uri.path, '.tsv');
  return ['metadata.tsv', `${base}_metadata.tsv`, `${base}.metadata.tsv`, `${base}-metadata.tsv`].map((n) => vscode.Uri.joinPath(dir, n));
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

function safe<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined; // e.g. an exercisesFolder setting that points outside the workspace
  }
}
