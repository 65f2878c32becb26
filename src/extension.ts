// The composition root: builds the services once and hands each what it needs. Nothing else holds global state.
import { existsSync } from 'fs';
import * as fs from 'fs/promises';
import * as path from 'path';
import * as vscode from 'vscode';
import { ExerciseCommands } from './commands/exerciseCommands';
import type { ExerciseArg } from './commands/exerciseCommands';
import { CommandId, ViewId, WALKTHROUGH_ID } from './commands/ids';
import { exportProgress, reportUnreadableProgress } from './commands/progressCommands';
import { loadCourse } from './course/load';
import { exerciseLayout } from './course/types';
import type { Exercise } from './course/types';
import { PROGRESS_KEY, ProgressStore } from './progress/store';
import { exerciseIdForPath } from './scaffold/layout';
import { Scaffolder } from './scaffold/scaffolder';
import { SnapshotStore } from './scaffold/snapshots';
import { CourseWorkspace } from './scaffold/workspace';
import { Grader } from './grading/grader';
import { ExerciseLens } from './testing/exerciseLens';
import { GradingCommands } from './testing/gradingCommands';
import { HiddenTests } from './testing/testExplorer';
import { Disposable } from './util/disposable';
import { ChapterTree } from './views/chapterTree';
import type { CourseNode } from './views/chapterTree';
import { EmbeddingsPanels } from './webviews/embeddings/embeddingsPanel';
import { LessonPanels } from './webviews/lesson/lessonPanel';

const WALKTHROUGH_SHOWN_KEY = 'llmFoundations.walkthroughShown';

/** What activate() returns: the services, for the extension-host integration tests. */
export interface LlmFoundationsApi {
  readonly progress: ProgressStore;
  readonly tree: ChapterTree;
  readonly treeView: vscode.TreeView<CourseNode>;
  readonly workspace: CourseWorkspace;
  readonly hiddenTests: HiddenTests;
}

export async function activate(context: vscode.ExtensionContext): Promise<LlmFoundationsApi | undefined> {
  const ext = new Disposable();
  context.subscriptions.push(ext);
  const log = ext.register(vscode.window.createOutputChannel('LLM Foundations', { log: true }));
  const contentDir = vscode.Uri.joinPath(context.extensionUri, 'exercises').fsPath;
  const version = String((context.extension.packageJSON as { version?: unknown }).version ?? '0.0.0');

  let course;
  try {
    course = loadCourse(contentDir);
  } catch (e) {
    // Keep every command answering (with the reason) instead of "command not found", and say it in the view.
    const message = `LLM Foundations cannot start: ${(e as Error).message}`;
    log.error(message);
    void vscode.commands.executeCommand('setContext', 'llmFoundations.loadFailed', true);
    for (const id of Object.values(CommandId)) {
      ext.register(vscode.commands.registerCommand(id, () => vscode.window.showErrorMessage(message)));
    }
    void vscode.window.showErrorMessage(message);
    return undefined;
  }

  context.globalState.setKeysForSync([PROGRESS_KEY]);
  const progress = new ProgressStore(context.globalState);
  ext.register(progress);
  if (progress.loadProblem) {
    log.warn(`unreadable progress: ${progress.loadProblem.message}`);
    void reportUnreadableProgress(progress.loadProblem, context.globalStorageUri);
  }

  const snapshots = new SnapshotStore(context.globalStorageUri.fsPath);
  const scaffolder = new Scaffolder({
    contentDir,
    typesDir: path.join(context.extensionUri.fsPath, 'dist', 'types'),
    version,
    snapshots,
  });
  const workspace = new CourseWorkspace(context.globalState);
  const tree = ext.register(new ChapterTree(course, progress));
  const treeView = ext.register(vscode.window.createTreeView(ViewId.Chapters, { treeDataProvider: tree, showCollapseAll: true }));
  const revealInTree = async (id: string) => {
    const node = tree.nodeForExercise(id);
    if (node) await treeView.reveal(node, { select: true, focus: false, expand: true });
  };
  const read = (rel: string) => fs.readFile(path.join(contentDir, rel), 'utf8');
  const embeddings = ext.register(new EmbeddingsPanels({ extensionUri: context.extensionUri, courseRoot: () => workspace.currentRoot(), log, storageUri: context.globalStorageUri }));
  const lessons = ext.register(
    new LessonPanels(context.extensionUri, course, (c) => read(exerciseLayout.lesson(c)), (e) => read(exerciseLayout.taskStatement(e)), ['embeddings']),
  );
  ext.register(lessons.onDidReachEnd((chapterId) => progress.markLessonRead(chapterId)));
  const showTask = (e: Exercise) => lessons.showTask(e);
  const exercises = new ExerciseCommands({ course, progress, scaffolder, snapshots, workspace, revealInTree, showTask });

  // Hidden tests run in a child process of the extension host's own runtime (Electron's Node on the desktop).
  let grader: Grader | undefined;
  const getGrader = () =>
    (grader ??= ext.register(
      new Grader({
        distDir: path.join(context.extensionUri.fsPath, 'dist'),
        execPath: process.execPath,
        env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
        // `@tensorflow/tfjs` for learner code and hidden tests: the copy esbuild.js bundles into dist/runtime,
        // loaded by each pre-forked worker while it waits, so a TF.js exercise's run does not pay for it.
        modulePaths: [path.join(context.extensionUri.fsPath, 'dist', 'runtime')],
        preload: ['@tensorflow/tfjs'],
        ...typeCheckWith(context.extensionUri.fsPath),
      }),
    ));
  const hiddenTests = ext.register(new HiddenTests(course, progress, workspace, getGrader));
  const grading = ext.register(new GradingCommands(course, progress, hiddenTests, contentDir));
  ext.register(new ExerciseLens(course, progress, workspace));
  ext.register(
    hiddenTests.runOnSave((uri) => {
      const root = workspace.currentRoot();
      const e = root && uri.scheme === 'file' ? course.exercise(exerciseIdForPath(root, uri.fsPath) ?? '') : undefined;
      return e && !e.comingSoon ? e : undefined;
    }),
  );

  const handlers: Record<CommandId, (...args: never[]) => unknown> = {
    [CommandId.OpenLesson]: (arg?: string | CourseNode) => lessons.show(typeof arg === 'string' ? arg : (arg?.chapter.id ?? course.course.chapters[0]!.id)),
    [CommandId.OpenExercise]: (arg?: ExerciseArg) => exercises.open(arg),
    [CommandId.ResetExercise]: (arg?: ExerciseArg) => exercises.reset(arg),
    [CommandId.RestoreSnapshot]: (arg?: ExerciseArg) => exercises.restore(arg),
    [CommandId.ShowHint]: (arg?: ExerciseArg) => exercises.showHint(arg),
    [CommandId.ExportProgress]: () => exportProgress(progress, course.course, version),
    [CommandId.RevealActiveExercise]: () => exercises.revealActive(),
    [CommandId.RunTests]: async (arg?: ExerciseArg) => {
      const e = await exercises.pick(arg, 'Run the hidden tests of');
      return e && grading.runTests(e);
    },
    [CommandId.ShowSolution]: async (arg?: ExerciseArg) => {
      const e = await exercises.pick(arg, 'Show the reference solution of');
      if (e) await grading.showSolution(e);
    },
    [CommandId.OpenEmbeddingVisualizer]: () => embeddings.show(),
    [CommandId.GetStarted]: () => vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false),
  };
  for (const [id, handler] of Object.entries(handlers)) {
    ext.register(vscode.commands.registerCommand(id, async (...args: never[]) => {
      try {
        return await handler(...args);
      } catch (e) {
        // Every failure reaches the learner as a message; details go to the log.
        log.error(`${id} failed`, e);
        void vscode.window.showErrorMessage((e as Error).message || String(e));
        return undefined;
      }
    }));
  }

  // Follow the learner: select the exercise of the active editor while the Chapters view is visible.
  ext.register(
    vscode.window.onDidChangeActiveTextEditor((editor) => {
      const id = treeView.visible ? exercises.activeExerciseId(editor) : undefined;
      if (id) void revealInTree(id);
    }),
  );

  // After "create or open a folder" reloaded the window, open the exercise the learner asked for.
  const pending = await workspace.takePendingExercise();
  if (pending) void vscode.commands.executeCommand(CommandId.OpenExercise, pending);
  else if (!context.globalState.get(WALKTHROUGH_SHOWN_KEY)) {
    await context.globalState.update(WALKTHROUGH_SHOWN_KEY, true);
    void vscode.commands.executeCommand(CommandId.GetStarted);
  }

  return { progress, tree, treeView, workspace, hiddenTests };
}

export function deactivate(): void {
  // Everything is owned by the extension's Disposable in context.subscriptions.
}

/**
 * The type check of a grading run uses the TypeScript that VS Code ships for its own TS server (so the run says
 * what the editor's squiggles say), and the TF.js declarations the extension ships. None when it is missing.
 */
function typeCheckWith(extensionPath: string): { typeCheck?: { typescript: string; typeRoots: string[] } } {
  const typescript = path.join(vscode.env.appRoot, 'extensions', 'node_modules', 'typescript');
  return existsSync(path.join(typescript, 'package.json')) ? { typeCheck: { typescript, typeRoots: [path.join(extensionPath, 'dist', 'types')] } } : {};
}
