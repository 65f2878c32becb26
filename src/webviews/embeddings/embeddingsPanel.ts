// Host side of the embedding visualizer: one webview panel, revealed if already open, restored after a window reload
// by a panel serializer (the app's saved state says which vector set and view to show again). The host lists the
// vector sets and reads and validates the one the app asks for (src/webviews/embeddings/sources.ts); all numerics run
// in the webview on TF.js. The context is retained when hidden: a projection can take a while to compute again.
// "Browse…" in the app opens the host's file dialog; the learner's similarity.ts is watched while the panel is open
// and sent to the app again when it changes, so the comparison follows the learner's edits without a reload.

import * as fs from 'fs/promises';
import * as path from 'path';
import * as vscode from 'vscode';
import { transformTypeScript } from '../../grading/transform';
import { Disposable } from '../../util/disposable';
import { webviewDocument } from '../csp';
import { learnerScriptName, wrapLearnerModule } from '../learnerScript';
import { BrowseRequest, EMBEDDINGS_VIEW_TYPE, LoadRequest, ReadyMessage } from './protocol';
import type { HostToWebview, VectorSource } from './protocol';
import { EMBEDDINGS_SCRIPTS, EMBEDDINGS_STYLES, EMBEDDINGS_UMAP_WORKER, embeddingsBody } from './shell';
import { VectorSources } from './sources';

export { EMBEDDINGS_VIEW_TYPE };

export interface EmbeddingsPanelOptions {
  readonly extensionUri: vscode.Uri;
  /** The course folder of the open workspace, if any (for the learner's word2vec vectors). */
  readonly courseRoot: () => string | undefined;
  readonly log: vscode.LogOutputChannel;
  /** The extension's storage; learner scripts for the webview are written under it (webview-learner/). */
  readonly storageUri: vscode.Uri;
}

/** The learner's exercise code the visualizer runs beside its own: `cosineSimilarity` of embeddings/similarity. */
const LEARNER_MODULE = { exerciseId: 'embeddings/similarity', file: ['embeddings', 'similarity', 'similarity.ts'] } as const;

/** Whether the app should publish its results for the end-to-end tests (never on in normal use). */
function testHookEnabled(): boolean {
  return process.env.LLMF_WEBVIEW_TEST_HOOK === '1' || vscode.workspace.getConfiguration('llmFoundations').get<boolean>('webviewTestHook') === true;
}

export class EmbeddingsPanels extends Disposable {
  private current: EmbeddingsPanel | undefined;

  constructor(private readonly options: EmbeddingsPanelOptions) {
    super();
    this.register(
      vscode.window.registerWebviewPanelSerializer(EMBEDDINGS_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel) => {
          if (this.current) panel.dispose();
          else await this.adopt(panel);
        },
      }),
    );
    this.register({ dispose: () => this.current?.dispose() });
  }

  /** Opens the visualizer, or reveals it where it is. */
  async show(column?: vscode.ViewColumn): Promise<void> {
    if (this.current) {
      this.current.panel.reveal(column);
      return;
    }
    const panel = vscode.window.createWebviewPanel(EMBEDDINGS_VIEW_TYPE, 'Embedding Visualizer', column ?? vscode.ViewColumn.Active, {
      ...this.webviewOptions(),
      retainContextWhenHidden: true,
    });
    await this.adopt(panel);
  }

  private learnerDir(): vscode.Uri {
    return vscode.Uri.joinPath(this.options.storageUri, 'webview-learner');
  }

  private webviewOptions(): vscode.WebviewOptions {
    // Only the webview bundles and the learner scripts written for it: not the workspace, not the data files
    // (the host reads those).
    return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(this.options.extensionUri, 'dist', 'webviews'), this.learnerDir()] };
  }

  /**
   * The learner's module as a webview script in the extension's storage, when the workspace is trusted and the
   * file exists; a file that does not transform is reported to the app instead.
   */
  private async learnerScript(): Promise<LearnerScript> {
    let root: string | undefined;
    try {
      root = this.options.courseRoot();
    } catch {
      root = undefined;
    }
    if (!root || !vscode.workspace.isTrusted) return {};
    const file = path.join(root, ...LEARNER_MODULE.file);
    let source: string;
    try {
      source = await fs.readFile(file, 'utf8');
    } catch {
      return {}; // not started yet
    }
    try {
      const code = transformTypeScript(source, file, (f) => path.relative(root, f));
      // A fresh name for every version: the webview would otherwise answer a reload from its cache.
      const name = learnerScriptName(LEARNER_MODULE.exerciseId).replace(/\.js$/, `.${Date.now().toString(36)}.js`);
      const uri = vscode.Uri.joinPath(this.learnerDir(), name);
      await vscode.workspace.fs.createDirectory(this.learnerDir());
      await vscode.workspace.fs.writeFile(uri, Buffer.from(wrapLearnerModule(LEARNER_MODULE.exerciseId, code), 'utf8'));
      await this.removeOldLearnerScripts(name);
      return { uri };
    } catch (e) {
      this.options.log.warn(`embedding visualizer: your ${LEARNER_MODULE.file.join('/')} could not be prepared: ${(e as Error).message}`);
      return { error: (e as Error).message };
    }
  }

  /** Earlier versions of the learner script (the app has run them already). */
  private async removeOldLearnerScripts(keep: string): Promise<void> {
    const prefix = learnerScriptName(LEARNER_MODULE.exerciseId).replace(/\.js$/, '.');
    const entries = await vscode.workspace.fs.readDirectory(this.learnerDir()).then(
      (e) => e,
      () => [] as [string, vscode.FileType][],
    );
    for (const [name] of entries) {
      if (name !== keep && (name.startsWith(prefix) || name === learnerScriptName(LEARNER_MODULE.exerciseId))) {
        await vscode.workspace.fs.delete(vscode.Uri.joinPath(this.learnerDir(), name)).then(undefined, () => undefined);
      }
    }
  }

  /** The learner's module file, when a course folder is open. */
  private learnerFile(): string | undefined {
    try {
      const root = this.options.courseRoot();
      return root ? path.join(root, ...LEARNER_MODULE.file) : undefined;
    } catch {
      return undefined;
    }
  }

  private async adopt(panel: vscode.WebviewPanel): Promise<void> {
    const dist = (f: string) => vscode.Uri.joinPath(this.options.extensionUri, 'dist', ...f.split('/'));
    const learner = await this.learnerScript();
    panel.webview.options = this.webviewOptions();
    panel.iconPath = vscode.Uri.joinPath(this.options.extensionUri, 'media', 'icon.svg');
    panel.webview.html = webviewDocument(panel.webview, {
      title: 'Embedding Visualizer',
      styles: EMBEDDINGS_STYLES.map(dist),
      // The learner's script only registers a factory, so it goes first; the app calls it once TF.js is ready.
      scripts: [...(learner.uri ? [learner.uri] : []), ...EMBEDDINGS_SCRIPTS.map(dist)],
      ...embeddingsBody(panel.webview.asWebviewUri(dist(EMBEDDINGS_UMAP_WORKER)).toString(), testHookEnabled(), learner.error),
    });
    const sources = new VectorSources(this.options.extensionUri, this.options.courseRoot);
    this.current = new EmbeddingsPanel(panel, sources, this.options.log, () => (this.current = undefined), {
      file: () => this.learnerFile(),
      script: () => this.learnerScript(),
    });
  }
}

interface LearnerScript {
  readonly uri?: vscode.Uri;
  readonly error?: string;
}

/** The learner's module as the panel sees it: where the file is, and its script prepared afresh. */
interface LearnerModule {
  file(): string | undefined;
  script(): Promise<LearnerScript>;
}

/** The open visualizer: owns its panel and listeners; disposed when the learner closes the tab. */
class EmbeddingsPanel extends Disposable {
  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly sources: VectorSources,
    private readonly log: vscode.LogOutputChannel,
    private readonly closed: () => void,
    private readonly learner: LearnerModule,
  ) {
    super();
    this.register(panel);
    this.register(panel.onDidDispose(() => this.dispose()));
    this.register(panel.webview.onDidReceiveMessage((m: unknown) => void this.receive(m)));
    this.watchLearnerModule();
  }

  /** Sends the learner's similarity.ts to the app again whenever it is saved, created or deleted. */
  private watchLearnerModule(): void {
    const [dir, name] = [LEARNER_MODULE.file.slice(0, -1).join('/'), LEARNER_MODULE.file.at(-1)!];
    const watcher = this.register(vscode.workspace.createFileSystemWatcher(`**/${dir}/${name}`));
    let timer: ReturnType<typeof setTimeout> | undefined;
    this.register({ dispose: () => clearTimeout(timer) });
    const changed = (uri: vscode.Uri) => {
      const file = this.learner.file();
      if (!file || path.resolve(uri.fsPath) !== path.resolve(file)) return;
      // One save can raise several events: send the file once they settle.
      clearTimeout(timer);
      timer = setTimeout(() => void this.sendLearnerModule(), 150);
    };
    this.register(watcher.onDidChange(changed));
    this.register(watcher.onDidCreate(changed));
    this.register(watcher.onDidDelete(changed));
  }

  private async sendLearnerModule(): Promise<void> {
    const { uri, error } = await this.learner.script();
    if (this.isDisposed) return;
    this.log.info(`embedding visualizer: ${LEARNER_MODULE.file.join('/')} changed; ${error ? `it could not be prepared: ${error}` : uri ? 'loading it again' : 'it is gone'}`);
    this.post({ type: 'learnerModule', ...(uri ? { script: this.panel.webview.asWebviewUri(uri).toString() } : {}), ...(error ? { error } : {}) });
  }

  /** "Browse…": the open dialog (and, for a projector TSV without one beside it, an optional metadata TSV). */
  private async browse(requestId: number): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const [file] =
      (await vscode.window.showOpenDialog({
        title: 'Vectors for the Embedding Visualizer',
        openLabel: 'Visualize',
        canSelectMany: false,
        filters: { 'Word vectors (word2vec, GloVe, projector TSV)': ['vec', 'txt', 'tsv'] },
        ...(folder ? { defaultUri: folder } : {}),
      })) ?? [];
    let source: VectorSource | undefined;
    if (file) {
      let metadata = await this.sources.metadataBeside(file);
      if (!metadata && file.path.endsWith('.tsv')) metadata = await pickMetadata(file);
      source = this.sources.add(file, metadata);
    }
    this.post({ type: 'browsed', requestId, ...(source ? { source } : {}) });
  }

  override dispose(): void {
    if (this.isDisposed) return;
    try {
      super.dispose();
    } finally {
      this.closed();
    }
  }

  private async receive(m: unknown): Promise<void> {
    if (ReadyMessage.is(m)) {
      this.post({ type: 'sources', sources: await this.sources.list() });
    } else if (BrowseRequest.is(m)) {
      await this.browse(m.requestId);
    } else if (LoadRequest.is(m)) {
      try {
        const set = await this.sources.load(m.sourceId);
        this.post({ type: 'dataset', requestId: m.requestId, sourceId: m.sourceId, name: set.name, words: set.words, dim: set.dim, vectors: set.vectors, notices: set.notices });
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        this.log.warn(`embedding visualizer: loading ${m.sourceId} failed: ${message}`);
        this.post({ type: 'loadError', requestId: m.requestId, sourceId: m.sourceId, message });
      }
    }
  }

  private post(message: HostToWebview): void {
    if (!this.isDisposed) void this.panel.webview.postMessage(message);
  }
}

/** Asks whether a projector TSV has labels in a metadata TSV of another name; undefined for none. */
async function pickMetadata(vectors: vscode.Uri): Promise<vscode.Uri | undefined> {
  const choose = 'Choose a metadata TSV…';
  const choice = await vscode.window.showQuickPick([choose, 'No labels (rows are numbered)'], {
    title: `Labels for ${path.posix.basename(vectors.path)}`,
    placeHolder: 'A projector TSV holds numbers only; its labels come from a metadata TSV',
  });
  if (choice !== choose) return undefined;
  const [metadata] =
    (await vscode.window.showOpenDialog({
      title: `Metadata TSV for ${path.posix.basename(vectors.path)}`,
      openLabel: 'Use as labels',
      canSelectMany: false,
      defaultUri: vscode.Uri.joinPath(vectors, '..'),
      filters: { 'Metadata TSV': ['tsv'] },
    })) ?? [];
  return metadata;
}
