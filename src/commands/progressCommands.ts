// Progress-related commands: export a completion record; keep an unreadable saved state for the learner.
import * as vscode from 'vscode';
import type { Course } from '../course/types';
import type { LoadProblem, ProgressStore } from '../progress/store';

export async function exportProgress(progress: ProgressStore, course: Course, extensionVersion: string): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({
    title: 'Export LLM Foundations progress',
    saveLabel: 'Export',
    filters: { JSON: ['json'] },
    ...(folder && { defaultUri: vscode.Uri.joinPath(folder, 'llm-foundations-progress.json') }),
  });
  if (!target) return;
  const record = progress.exportRecord(course, extensionVersion);
  try {
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(`${JSON.stringify(record, null, 2)}\n`));
  } catch (e) {
    void vscode.window.showErrorMessage(`Could not write ${target.fsPath}: ${(e as Error).message}`);
    return;
  }
  const open = 'Open';
  const choice = await vscode.window.showInformationMessage(
    `Exported: ${record.summary.passed} of ${record.summary.total} exercises passed.`,
    open,
  );
  if (choice === open) await vscode.window.showTextDocument(target);
}

/**
 * The saved progress could not be read: keep the raw value in a file (nothing is lost), then tell the learner
 * that the course starts from a clean slate.
 */
export async function reportUnreadableProgress(problem: LoadProblem, storage: vscode.Uri): Promise<void> {
  const backup = vscode.Uri.joinPath(storage, `progress-unreadable-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  let saved = true;
  try {
    await vscode.workspace.fs.createDirectory(storage);
    await vscode.workspace.fs.writeFile(backup, new TextEncoder().encode(safeStringify(problem.raw)));
  } catch {
    saved = false;
  }
  const show = 'Show Saved Copy';
  const choice = await vscode.window.showWarningMessage(
    `LLM Foundations could not read your saved progress (${problem.message}), so it starts afresh. ${saved ? 'The old data was kept in a file.' : ''}`,
    ...(saved ? [show] : []),
  );
  if (choice === show) await vscode.window.showTextDocument(backup);
}

function safeStringify(v: unknown): string {
  try {
    return JSON.stringify(v, null, 2) ?? String(v);
  } catch {
    return String(v);
  }
}
