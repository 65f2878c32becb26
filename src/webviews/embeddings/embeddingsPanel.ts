// Host side of the embedding visualizer: one webview panel, revealed if already open, restored after a window reload
// by a panel serializer (the app's saved state says which vector set and view to show again). The host lists the
// vector sets and reads and validates the one the app asks for (src/webviews/embeddings/sources.ts); all numerics run
// in the webview on TF.js. The context is retained when hidden: a projection can take a while to compute again.

import * as fs from 'fs/promises';
import * as path from 'path';
import * as vscode from 'vscode';
import { transformTypeScript } from '../../grading/transform';
import { Disposable } from '../../util/disposable';
import { webviewDocument } from '../csp';
import { learnerScriptName, wrapLearnerModule } from '../learnerScript';
import { EMBEDDINGS_VIEW_TYPE, LoadRequest, ReadyMessage } from './protocol';
import type { HostToWebview } from './protocol';
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
  private async learnerScript(): Promise<{ uri?: vscode.Uri; error?: string }> {
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
      const uri = vscode.Uri.joinPath(this.learnerDir(), learnerScriptName(LEARNER_MODULE.exerciseId));
      await vscode.workspace.fs.createDirectory(this.learnerDir());
      await vscode.workspace.fs.writeFile(uri, Buffer.from(wrapLearnerModule(LEARNER_MODULE.exerciseId, code), 'utf8'));
      return { uri };
    } catch (e) {
      this.options.log.warn(`embedding visualizer: your ${LEARNER_MODULE.file.join('/')} could not be prepared: ${(e as Error).message}`);
      return { error: (e as Error).message };
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
    this.current = new EmbeddingsPanel(panel, sources, this.options.log, () => (this.current = undefined));
  }
}

/** The open visualizer: owns its panel and listeners; disposed when the learner closes the tab. */
class EmbeddingsPanel extends Disposable {
  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly sources: VectorSources,
    private readonly log: vscode.LogOutputChannel,
    private readonly closed: () => void,
  ) {
    super();
    this.register(panel);
    this.register(panel.onDidDispose(() => this.dispose()));
    this.register(panel.webview.onDidReceiveMessage((m: unknown) => void this.receive(m)));
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
