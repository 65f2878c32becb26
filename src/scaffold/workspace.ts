// Finding (or making) the folder where exercises are scaffolded, and the trust gate for writing learner code.
import * as fs from 'fs/promises';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { Setting } from '../commands/ids';
import type { Exercise } from '../course/types';
import { exerciseDir, resolveExercisesRoot, workspaceTsconfig } from './layout';

const PENDING_KEY = 'llmFoundations.pendingExercise';
const COURSE_FOLDER_NAME = 'llm-foundations-course';
/** The default of the llmFoundations.exercisesFolder setting (a new folder has no settings of its own). */
const DEFAULT_FOLDER = 'llm-foundations';

export class CourseWorkspace {
  constructor(private readonly globalState: vscode.Memento) {}

  /** The exercises root of the first file-system workspace folder, or undefined when no such folder is open. */
  currentRoot(): string | undefined {
    const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
    if (!folder) return undefined;
    const configured = vscode.workspace.getConfiguration('llmFoundations', folder.uri).get<string>(Setting.ExercisesFolder, DEFAULT_FOLDER);
    return resolveExercisesRoot(folder.uri.fsPath, configured);
  }

  /**
   * The exercises root, offering to create or open a folder when none is open. Opening a folder reloads the
   * window, so the exercise the learner asked for is remembered and opened after the reload.
   */
  async requireRoot(pendingExerciseId: string): Promise<string | undefined> {
    const root = this.currentRoot();
    if (root) return root;
    const create = `Create ~/${COURSE_FOLDER_NAME}`;
    const open = 'Open Folder…';
    const choice = await vscode.window.showInformationMessage(
      'LLM Foundations writes your exercise files into a folder. Create a course folder or open one of yours?',
      { modal: true, detail: 'The window reloads with the folder open, then the exercise opens.' },
      create,
      open,
    );
    let folder: vscode.Uri | undefined;
    if (choice === create) {
      const dir = path.join(os.homedir(), COURSE_FOLDER_NAME);
      try {
        await fs.mkdir(dir, { recursive: true });
      } catch (e) {
        void vscode.window.showErrorMessage(`Could not create ${dir}: ${(e as Error).message}. Open a folder of your choice instead.`);
        return undefined;
      }
      folder = vscode.Uri.file(dir);
    } else if (choice === open) {
      folder = (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Use for LLM Foundations' }))?.[0];
    }
    if (!folder) return undefined;
    // The generated tsconfig marks a course folder: its presence activates the extension when the window reloads
    // into the folder (activation event workspaceContains:llm-foundations/tsconfig.json), which then opens the
    // exercise. Written exclusively: an existing file is kept.
    const marker = path.join(folder.fsPath, DEFAULT_FOLDER, 'tsconfig.json');
    try {
      await fs.mkdir(path.dirname(marker), { recursive: true });
      await fs.writeFile(marker, workspaceTsconfig(), { flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
        void vscode.window.showErrorMessage(`Could not prepare ${folder.fsPath} for the course: ${(e as Error).message}`);
        return undefined;
      }
    }
    await this.globalState.update(PENDING_KEY, pendingExerciseId);
    await vscode.commands.executeCommand('vscode.openFolder', folder, { forceReuseWindow: true });
    return undefined;
  }

  /** The exercise the learner asked for before the window reloaded into a new folder, once. */
  async takePendingExercise(): Promise<string | undefined> {
    const id = this.globalState.get<string>(PENDING_KEY);
    if (id === undefined || !this.currentRoot()) return undefined;
    await this.globalState.update(PENDING_KEY, undefined);
    return id;
  }
}

/** True when the workspace is trusted; otherwise explains why trust is needed and offers to manage it. */
export async function requireTrust(action: string): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const manage = 'Manage Workspace Trust';
  const choice = await vscode.window.showWarningMessage(
    `${action} needs a trusted workspace: exercises are code that LLM Foundations writes and runs. Lessons and hints work without trust.`,
    manage,
  );
  if (choice === manage) await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}

/** Saves unsaved edits of the exercise's files, so that a snapshot or a test run sees what the learner sees. */
export async function saveExerciseFiles(root: string, e: Exercise): Promise<void> {
  const files = new Set(e.files.map((f) => path.join(exerciseDir(root, e), f)));
  for (const doc of vscode.workspace.textDocuments) {
    if (doc.isDirty && doc.uri.scheme === 'file' && files.has(doc.uri.fsPath)) await doc.save();
  }
}
