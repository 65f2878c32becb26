// Commands on exercises: start/open (scaffolding on first use), hints, reset and restore, reveal in the tree.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { CourseIndex } from '../course/catalog';
import { UnknownExerciseError } from '../course/catalog';
import type { Exercise } from '../course/types';
import type { ProgressStore } from '../progress/store';
import { TASK_FILE, exerciseDir, exerciseIdForPath, learnerFiles } from '../scaffold/layout';
import type { Scaffolder } from '../scaffold/scaffolder';
import type { Snapshot, SnapshotStore } from '../scaffold/snapshots';
import type { CourseWorkspace } from '../scaffold/workspace';
import { requireTrust, saveExerciseFiles } from '../scaffold/workspace';
import type { CourseNode } from '../views/chapterTree';

/** What a command receives: an id (tree click, links, API), a tree node (context menu), or nothing (palette). */
export type ExerciseArg = string | CourseNode | undefined;

export interface ExerciseCommandDeps {
  readonly course: CourseIndex;
  readonly progress: ProgressStore;
  readonly scaffolder: Scaffolder;
  readonly snapshots: SnapshotStore;
  readonly workspace: CourseWorkspace;
  readonly revealInTree: (exerciseId: string) => Thenable<void>;
  /** Shows the task statement beside the learner's code (rendered with math, like the lessons). */
  readonly showTask: (exercise: Exercise) => Promise<void>;
}

export class ExerciseCommands {
  constructor(private readonly deps: ExerciseCommandDeps) {}

  /** Scaffolds the exercise on first use (never overwriting), then opens the learner file beside its task statement. */
  async open(arg: ExerciseArg): Promise<void> {
    const e = await this.pick(arg, 'Start or open an exercise');
    if (!e) return;
    if (e.comingSoon) {
      void vscode.window.showInformationMessage(`"${e.title}" is coming soon: its content has not landed yet.`);
      return;
    }
    const root = await this.deps.workspace.requireRoot(e.id);
    if (!root) return;
    const missing = e.files.filter((f) => !fs.existsSync(path.join(exerciseDir(root, e), f)));
    const taskFile = path.join(exerciseDir(root, e), TASK_FILE);
    if (missing.length || !fs.existsSync(taskFile)) {
      if (!(await requireTrust(`Starting "${e.title}"`))) return;
      const wasStarted = this.deps.progress.get(e.id).status !== 'not-started';
      await this.deps.scaffolder.scaffold(root, e);
      await this.scaffoldDependencies(root, e);
      if (wasStarted && missing.length) {
        void vscode.window.showWarningMessage(
          `${missing.join(', ')} ${missing.length === 1 ? 'was' : 'were'} missing, so a fresh starter was written. If you renamed the file, your work is still in the renamed file; "Restore My Version" lists the snapshots taken before resets.`,
        );
      }
    } else if (vscode.workspace.isTrusted) {
      // Keep the type declarations in step with the installed extension.
      await this.deps.scaffolder.ensureTypes(root).catch(() => undefined);
    }
    await this.deps.progress.markStarted(e.id);
    const [first] = learnerFiles(root, e);
    if (first) await vscode.window.showTextDocument(vscode.Uri.file(first), { viewColumn: vscode.ViewColumn.One, preview: false });
    await this.deps.showTask(e);
  }

  /**
   * Sets up the earlier exercises `e` imports that the learner has not started, so their files exist for
   * IntelliSense (never overwriting); the grader uses their reference solutions until they pass.
   */
  private async scaffoldDependencies(root: string, e: Exercise): Promise<void> {
    const missing = this.deps.scaffolder
      .dependencies(e, (id) => this.deps.course.exercise(id))
      .filter((d) => d.files.some((f) => !fs.existsSync(path.join(exerciseDir(root, d), f))));
    for (const d of missing) await this.deps.scaffolder.scaffold(root, d);
    if (missing.length) {
      const titles = missing.map((d) => `"${d.title}"`).join(', ');
      void vscode.window.showInformationMessage(
        `"${e.title}" builds on ${titles}, so ${missing.length === 1 ? 'its starter was' : 'their starters were'} set up too. Until you pass ${missing.length === 1 ? 'it' : 'them'}, the hidden tests use the reference solution in ${missing.length === 1 ? 'its' : 'their'} place.`,
      );
    }
  }

  async showHint(arg: ExerciseArg): Promise<void> {
    const e = await this.pick(arg, 'Show a hint for');
    if (!e) return;
    if (!e.hints.length) {
      void vscode.window.showInformationMessage(`"${e.title}" has no hints yet.`);
      return;
    }
    let shown = await this.deps.progress.revealHint(e.id, e.hints.length);
    for (;;) {
      const more = shown < e.hints.length ? 'Next Hint' : undefined;
      const action = await vscode.window.showInformationMessage(
        `Hint ${shown}/${e.hints.length} for "${e.title}": ${e.hints[shown - 1]}`,
        ...(more ? [more] : []),
      );
      if (action !== more || !more) return;
      shown = await this.deps.progress.revealHint(e.id, e.hints.length);
    }
  }

  /** The exercise and its workspace root for a command that changes learner files, after the trust gate. */
  private async target(arg: ExerciseArg, title: string, action: string): Promise<{ e: Exercise; root: string } | undefined> {
    const e = await this.pick(arg, title);
    if (!e || e.comingSoon) return undefined;
    if (!(await requireTrust(`${action} "${e.title}"`))) return undefined;
    const root = this.deps.workspace.currentRoot();
    if (!root) {
      void vscode.window.showErrorMessage('Open the folder that holds your exercises first.');
      return undefined;
    }
    return { e, root };
  }

  async reset(arg: ExerciseArg): Promise<void> {
    const t = await this.target(arg, 'Reset to the starter', 'Resetting');
    if (!t) return;
    const { e, root } = t;
    const confirm = 'Reset';
    const answer = await vscode.window.showWarningMessage(
      `Reset "${e.title}" to its starter?`,
      { modal: true, detail: 'Your current version is saved first; "Restore My Version" brings it back.' },
      confirm,
    );
    if (answer !== confirm) return;
    await saveExerciseFiles(root, e);
    const snapshot = await this.deps.scaffolder.reset(root, e);
    const restore = 'Restore My Version';
    const note = snapshot ? ` Your version was saved (${formatTime(snapshot.createdAt)}).` : '';
    const action = await vscode.window.showInformationMessage(`"${e.title}" is back to its starter.${note}`, ...(snapshot ? [restore] : []));
    if (action === restore) await this.restore(e.id);
  }

  async restore(arg: ExerciseArg): Promise<void> {
    const t = await this.target(arg, 'Restore a saved version of', 'Restoring');
    if (!t) return;
    const { e, root } = t;
    const snapshots = await this.deps.snapshots.list(e.id);
    if (!snapshots.length) {
      void vscode.window.showInformationMessage(`There are no saved versions of "${e.title}" yet. One is saved each time you reset it.`);
      return;
    }
    const picked = await vscode.window.showQuickPick(
      snapshots.map((s) => ({ label: formatTime(s.createdAt), description: s.reason, detail: s.files.join(', '), snapshot: s })),
      { title: `Restore a saved version of "${e.title}"`, placeHolder: 'Newest first. Your current files are saved before they are replaced.' },
    );
    if (!picked) return;
    await this.restoreSnapshot(root, e, picked.snapshot);
  }

  private async restoreSnapshot(root: string, e: Exercise, s: Snapshot): Promise<void> {
    const files = await this.deps.snapshots.read(s);
    await saveExerciseFiles(root, e);
    const before = await this.deps.scaffolder.restore(root, e, files);
    const note = before ? ` What was there before is saved too (${formatTime(before.createdAt)}).` : '';
    void vscode.window.showInformationMessage(`Restored your version of "${e.title}" from ${formatTime(s.createdAt)}.${note}`);
    const first = e.files[0];
    if (first) await vscode.window.showTextDocument(vscode.Uri.file(path.join(exerciseDir(root, e), first)), { preview: false });
  }

  /** Selects the active editor's exercise in the Chapters view. */
  async revealActive(): Promise<void> {
    const id = this.activeExerciseId();
    if (!id) {
      void vscode.window.showInformationMessage('The active editor is not an exercise file of LLM Foundations.');
      return;
    }
    await this.deps.revealInTree(id);
  }

  activeExerciseId(editor = vscode.window.activeTextEditor): string | undefined {
    const root = this.deps.workspace.currentRoot();
    if (!root || !editor || editor.document.uri.scheme !== 'file') return undefined;
    const id = exerciseIdForPath(root, editor.document.uri.fsPath);
    return id && this.deps.course.exercise(id) ? id : undefined;
  }

  /** The exercise an argument names, or the learner's choice from a quick pick (the active exercise first). */
  async pick(arg: ExerciseArg, title: string): Promise<Exercise | undefined> {
    if (typeof arg === 'string') {
      const e = this.deps.course.exercise(arg);
      if (!e) throw new UnknownExerciseError(arg);
      return e;
    }
    if (arg?.kind === 'exercise') return arg.exercise;
    const active = this.activeExerciseId();
    const items = this.deps.course.exercises.map((e) => ({
      label: e.title,
      description: e.comingSoon ? `${e.id} · coming soon` : e.id,
      exercise: e,
      picked: e.id === active,
    }));
    items.sort((a, b) => Number(b.picked) - Number(a.picked));
    return (await vscode.window.showQuickPick(items, { title, matchOnDescription: true }))?.exercise;
  }
}

function formatTime(iso: string): string {
  return new Date(iso).toLocaleString();
}
