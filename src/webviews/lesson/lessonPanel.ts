// Host side of the lesson view: one webview panel per chapter lesson, revealed if already open, restored after a
// window reload by a panel serializer. The panel renders the lesson markdown (src/lessons/render.ts) and posts the
// HTML to the app once it says `ready`; the app reports when the learner reaches the end, and this class passes
// that on as `onDidReachEnd` (progress wiring lives elsewhere). It watches no files; `reload()` re-renders.

import * as vscode from 'vscode';
import { CommandId } from '../../commands/ids';
import type { CourseIndex } from '../../course/catalog';
import type { Chapter, ChapterId } from '../../course/types';
import { exerciseLayout } from '../../course/types';
import { renderLesson, visualizerCommand } from '../../lessons/render';
import type { LessonLinkLookup } from '../../lessons/render';
import { Disposable } from '../../util/disposable';
import { webviewDocument } from '../csp';
import { isLessonState, LESSON_VIEW_TYPE, ReachedEndMessage, ReadyMessage } from './protocol';
import type { HostToWebview } from './protocol';

export { LESSON_VIEW_TYPE };

/** Reads a chapter's lesson markdown; rejects if the file is missing or unreadable. */
export type ReadLesson = (chapter: Chapter) => Promise<string>;

export class LessonPanels extends Disposable {
  private readonly panels = new Map<ChapterId, LessonPanel>();
  private readonly reachedEnd = this.register(new vscode.EventEmitter<ChapterId>());
  /** Fires when the learner has scrolled to the end of a lesson (at most once per lesson per panel). */
  readonly onDidReachEnd: vscode.Event<ChapterId> = this.reachedEnd.event;

  private readonly lookup: LessonLinkLookup;
  private readonly webviewOptions: vscode.WebviewOptions;

  /**
   * @param visualizers names of the visualizers whose command `llmFoundations.openVisualizer.<name>` exists;
   *   `visualizer:<name>` links to any other name render as "(coming soon)".
   */
  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly course: CourseIndex,
    private readonly readLesson: ReadLesson,
    visualizers: readonly string[] = [],
  ) {
    super();
    this.lookup = {
      exercise: (id) => course.exercise(id),
      chapter: (id) => course.chapter(id),
      hasVisualizer: (name) => visualizers.includes(name),
    };
    this.webviewOptions = {
      enableScripts: true,
      // Exactly the commands lesson links produce; a command: link to anything else does nothing.
      enableCommandUris: [CommandId.OpenExercise, CommandId.OpenLesson, ...visualizers.map(visualizerCommand)],
      // The KaTeX stylesheet and fonts and the webview bundles; not dist/types, not the workspace.
      localResourceRoots: [this.dist('katex'), this.dist('webviews')],
    };
    this.register(
      vscode.window.registerWebviewPanelSerializer(LESSON_VIEW_TYPE, {
        deserializeWebviewPanel: (panel, state: unknown) => this.restore(panel, state),
      }),
    );
    // Registered last so it runs first on dispose: panels close before the emitter they fire goes away.
    this.register({ dispose: () => [...this.panels.values()].forEach((p) => p.dispose()) });
  }

  /**
   * Opens the lesson of `chapterId` in `column` (default: the active one), or reveals it where it already is.
   * Throws for an unknown chapter.
   */
  async show(chapterId: string, column?: vscode.ViewColumn): Promise<void> {
    const chapter = this.course.chapter(chapterId);
    if (!chapter) throw new Error(`There is no chapter "${chapterId}" in this course.`);
    const open = this.panels.get(chapter.id);
    if (open) {
      open.panel.reveal(column);
      return;
    }
    const panel = vscode.window.createWebviewPanel(LESSON_VIEW_TYPE, panelTitle(chapter), column ?? vscode.ViewColumn.Active, {
      ...this.webviewOptions,
      retainContextWhenHidden: false, // the app keeps its scroll position with setState instead
      enableFindWidget: true,
    });
    await this.adopt(panel, chapter).load();
  }

  /** Re-reads and re-renders the open lesson of `chapterId`, or every open lesson; keeps scroll positions. */
  async reload(chapterId?: ChapterId): Promise<void> {
    const targets = [...this.panels.values()].filter((p) => chapterId === undefined || p.chapter.id === chapterId);
    await Promise.all(targets.map((p) => p.load()));
  }

  private async restore(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const chapter = isLessonState(state) ? this.course.chapter(state.chapterId) : undefined;
    // A lesson the course no longer has (or a duplicate): nothing sensible to show, so close it.
    if (!chapter || this.panels.has(chapter.id)) {
      panel.dispose();
      return;
    }
    await this.adopt(panel, chapter).load();
  }

  private adopt(panel: vscode.WebviewPanel, chapter: Chapter): LessonPanel {
    panel.webview.options = this.webviewOptions;
    panel.title = panelTitle(chapter);
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.svg');
    panel.webview.html = webviewDocument(panel.webview, {
      title: panelTitle(chapter),
      styles: [this.dist('katex', 'katex.min.css'), this.dist('webviews', 'lesson.css')],
      scripts: [this.dist('webviews', 'lesson.js')],
      body: '<main id="lesson" class="lesson" tabindex="-1" aria-busy="true"><p class="lf-status">Loading the lesson…</p></main>\n<div id="lesson-end" class="lesson-end"></div>',
      bodyAttributes: { 'data-chapter-id': chapter.id },
      allowStyleAttributes: true, // KaTeX sizes glyphs with style="…" attributes; see csp.ts
    });
    const lesson = new LessonPanel(panel, chapter, {
      read: () => this.readLesson(chapter),
      lookup: this.lookup,
      reachedEnd: () => this.reachedEnd.fire(chapter.id),
      closed: () => this.panels.delete(chapter.id),
    });
    this.panels.set(chapter.id, lesson);
    return lesson;
  }

  private dist(...segments: string[]): vscode.Uri {
    return vscode.Uri.joinPath(this.extensionUri, 'dist', ...segments);
  }
}

function panelTitle(chapter: Chapter): string {
  return `Lesson ${chapter.number}: ${chapter.title}`;
}

interface LessonPanelHost {
  read(): Promise<string>;
  readonly lookup: LessonLinkLookup;
  reachedEnd(): void;
  closed(): void;
}

/** One open lesson: owns its webview panel and listeners; disposed when the learner closes the tab. */
class LessonPanel extends Disposable {
  /** Whether the app's current document has said `ready`; it reloads (and says it again) each time it is shown. */
  private ready = false;
  private content: HostToWebview | undefined;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly chapter: Chapter,
    private readonly host: LessonPanelHost,
  ) {
    super();
    this.register(panel);
    this.register(panel.onDidDispose(() => this.dispose()));
    this.register(
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
    );
    this.register(panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m)));
  }

  /** Reads and renders the lesson; a missing or unreadable file becomes an error shown inside the panel. */
  async load(): Promise<void> {
    let content: HostToWebview;
    try {
      const markdown = await this.host.read();
      if (!markdown.trim()) throw new Error('The file is empty.');
      const lesson = renderLesson(markdown, this.host.lookup);
      content = { type: 'render', title: lesson.title ?? this.chapter.title, html: lesson.html };
    } catch (e) {
      content = {
        type: 'error',
        title: panelTitle(this.chapter),
        message: `This lesson could not be opened: exercises/${exerciseLayout.lesson(this.chapter)} is missing or unreadable. Reinstalling the extension restores it.`,
        detail: e instanceof Error ? e.message : String(e),
      };
    }
    if (this.isDisposed) return;
    this.content = content;
    this.post();
  }

  override dispose(): void {
    if (this.isDisposed) return;
    try {
      super.dispose();
    } finally {
      this.host.closed();
    }
  }

  private receive(m: unknown): void {
    if (ReadyMessage.is(m)) {
      this.ready = true;
      this.post();
    } else if (ReachedEndMessage.is(m)) {
      this.host.reachedEnd();
    }
  }

  private post(): void {
    if (this.ready && this.content) void this.panel.webview.postMessage(this.content);
  }
}
