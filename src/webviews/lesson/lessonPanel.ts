// Host side of the lesson view: one webview panel per chapter lesson or exercise task statement, revealed if already
// open, restored after a window reload by a panel serializer. The panel renders the lesson markdown (src/lessons/render.ts) and posts the
// HTML to the app once it says `ready`; the app reports when the learner reaches the end, and this class passes
// that on as `onDidReachEnd` (progress wiring lives elsewhere). It watches no files.

import * as vscode from 'vscode';
import { CommandId } from '../../commands/ids';
import type { CourseIndex } from '../../course/catalog';
import type { Chapter, ChapterId, Exercise } from '../../course/types';
import { exerciseLayout } from '../../course/types';
import { renderLesson, visualizerCommand } from '../../lessons/render';
import type { LessonLinkLookup } from '../../lessons/render';
import { Disposable } from '../../util/disposable';
import { webviewDocument } from '../csp';
import { isLessonState, LESSON_VIEW_TYPE, ReachedEndMessage, ReadyMessage } from './protocol';
import type { HostToWebview } from './protocol';
import { LESSON_SCRIPTS, LESSON_STYLES, lessonBody } from './shell';

export { LESSON_VIEW_TYPE };

/** Reads a chapter's lesson markdown; rejects if the file is missing or unreadable. */
export type ReadLesson = (chapter: Chapter) => Promise<string>;
/** Reads an exercise's task statement; rejects if the file is missing or unreadable. */
export type ReadTask = (exercise: Exercise) => Promise<string>;

/** What a panel shows: a chapter's lesson, or an exercise's task statement (same renderer, same app). */
interface CourseDoc {
  /** A chapter id (lesson) or an exercise id `<chapter>/<slug>` (task); kept in the app's state for restoring. */
  readonly id: string;
  readonly kind: 'lesson' | 'task';
  readonly title: string;
  /** Where the markdown comes from, for the message shown when it cannot be read. */
  readonly source: string;
  read(): Promise<string>;
}

export class LessonPanels extends Disposable {
  private readonly panels = new Map<string, LessonPanel>();
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
    private readonly readTask: ReadTask,
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
    await this.open(this.lessonDoc(chapter), column, false);
  }

  /** Opens the task statement of an exercise beside the active editor, keeping the focus where it is. */
  async showTask(exercise: Exercise, column: vscode.ViewColumn = vscode.ViewColumn.Beside): Promise<void> {
    await this.open(this.taskDoc(exercise), column, true);
  }

  private async open(doc: CourseDoc, column: vscode.ViewColumn | undefined, preserveFocus: boolean): Promise<void> {
    const open = this.panels.get(doc.id);
    if (open) {
      open.panel.reveal(column, preserveFocus);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      LESSON_VIEW_TYPE,
      doc.title,
      { viewColumn: column ?? vscode.ViewColumn.Active, preserveFocus },
      {
        ...this.webviewOptions,
        retainContextWhenHidden: false, // the app keeps its scroll position with setState instead
        enableFindWidget: true,
      },
    );
    await this.adopt(panel, doc).load();
  }

  private lessonDoc(chapter: Chapter): CourseDoc {
    return {
      id: chapter.id,
      kind: 'lesson',
      title: `Lesson ${chapter.number}: ${chapter.title}`,
      source: `exercises/${exerciseLayout.lesson(chapter)}`,
      read: () => this.readLesson(chapter),
    };
  }

  private taskDoc(exercise: Exercise): CourseDoc {
    return {
      id: exercise.id,
      kind: 'task',
      title: `Task: ${exercise.title}`,
      source: `exercises/${exerciseLayout.taskStatement(exercise)}`,
      read: () => this.readTask(exercise),
    };
  }

  private async restore(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const id = isLessonState(state) ? state.docId : '';
    const exercise = this.course.exercise(id);
    const chapter = this.course.chapter(id);
    const doc = exercise ? this.taskDoc(exercise) : chapter ? this.lessonDoc(chapter) : undefined;
    // A document the course no longer has (or a duplicate): nothing sensible to show, so close it.
    if (!doc || this.panels.has(doc.id)) {
      panel.dispose();
      return;
    }
    await this.adopt(panel, doc).load();
  }

  private adopt(panel: vscode.WebviewPanel, doc: CourseDoc): LessonPanel {
    panel.webview.options = this.webviewOptions;
    panel.title = doc.title;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.svg');
    panel.webview.html = webviewDocument(panel.webview, {
      title: doc.title,
      styles: LESSON_STYLES.map((f) => this.dist(...f.split('/'))),
      scripts: LESSON_SCRIPTS.map((f) => this.dist(...f.split('/'))),
      ...lessonBody(doc.id),
      allowStyleAttributes: true, // KaTeX sizes glyphs with style="…" attributes; see csp.ts
    });
    const chapterId = doc.kind === 'lesson' ? (doc.id as ChapterId) : undefined;
    const view = new LessonPanel(panel, doc, {
      lookup: this.lookup,
      reachedEnd: () => chapterId && this.reachedEnd.fire(chapterId),
      closed: () => this.panels.delete(doc.id),
    });
    this.panels.set(doc.id, view);
    return view;
  }

  private dist(...segments: string[]): vscode.Uri {
    return vscode.Uri.joinPath(this.extensionUri, 'dist', ...segments);
  }
}

interface LessonPanelHost {
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
    readonly doc: CourseDoc,
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
      const markdown = await this.doc.read();
      if (!markdown.trim()) throw new Error('The file is empty.');
      const lesson = renderLesson(markdown, this.host.lookup);
      content = { type: 'render', title: lesson.title ?? this.doc.title, html: lesson.html };
    } catch (e) {
      content = {
        type: 'error',
        title: this.doc.title,
        message: `This ${this.doc.kind === 'lesson' ? 'lesson' : 'task statement'} could not be opened: ${this.doc.source} is missing or unreadable. Reinstalling the extension restores it.`,
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
