// Commands around grading: run an exercise's hidden tests, then point at the next step (a hint after a failure, the
// reference solution after a pass); show the reference solution read-only once the exercise is passed.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { CommandId } from '../commands/ids';
import type { CourseIndex } from '../course/catalog';
import { exerciseLayout } from '../course/types';
import type { Exercise } from '../course/types';
import { scoreLine } from '../grading/results';
import type { Results } from '../grading/results';
import type { ProgressStore } from '../progress/store';
import { Disposable } from '../util/disposable';
import type { HiddenTests } from './testExplorer';

export const SOLUTION_SCHEME = 'llm-foundations-solution';

export class GradingCommands extends Disposable {
  constructor(
    private readonly course: CourseIndex,
    private readonly progress: ProgressStore,
    private readonly tests: HiddenTests,
    private readonly contentDir: string,
  ) {
    super();
    // Reference solutions open read-only, from the extension's own copy.
    this.register(
      vscode.workspace.registerTextDocumentContentProvider(SOLUTION_SCHEME, {
        provideTextDocumentContent: (uri) => this.solutionText(uri),
      }),
    );
  }

  /** Runs the hidden tests; resolves with the results once they are in (the follow-up message does not block). */
  async runTests(e: Exercise): Promise<Results | undefined> {
    const results = await this.tests.run(e);
    if (results) void this.followUp(e, results);
    return results;
  }

  private async followUp(e: Exercise, results: Results): Promise<void> {
    const passed = results.tests.filter((t) => t.status === 'pass').length;
    if (results.status === 'pass') {
      const show = 'Show Reference Solution';
      const choice = await vscode.window.showInformationMessage(`"${e.title}": all ${passed} hidden tests pass.`, show);
      if (choice === show) await this.showSolution(e);
      return;
    }
    const summary = results.status === 'error' && results.message ? results.message : `"${e.title}": ${scoreLine(results)}.`;
    const next = this.progress.get(e.id).hintsShown < e.hints.length ? 'Show Hint' : undefined;
    const open = 'Open Test Results';
    const choice = await vscode.window.showWarningMessage(summary, ...(next ? [next] : []), open);
    if (choice === next) await vscode.commands.executeCommand(CommandId.ShowHint, e.id);
    else if (choice === open) await vscode.commands.executeCommand('workbench.view.testing.focus');
  }

  async showSolution(e: Exercise): Promise<void> {
    if (this.progress.get(e.id).status !== 'passed') {
      void vscode.window.showInformationMessage(`The reference solution of "${e.title}" unlocks when all its hidden tests pass.`);
      return;
    }
    for (const file of e.files) {
      const uri = vscode.Uri.from({ scheme: SOLUTION_SCHEME, path: `/${e.chapter}/${e.slug}/${file}` });
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.languages.setTextDocumentLanguage(doc, 'typescript');
      await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
    }
  }

  private solutionText(uri: vscode.Uri): string {
    const [chapter, slug, ...rest] = uri.path.replace(/^\//, '').split('/');
    const e = this.course.exercise(`${chapter}/${slug}`);
    const file = rest.join('/');
    if (!e || !e.files.includes(file)) return `// There is no reference solution at ${uri.path}.`;
    if (this.progress.get(e.id).status !== 'passed') return `// The reference solution of "${e.title}" unlocks when all its hidden tests pass.`;
    try {
      return fs.readFileSync(path.join(this.contentDir, exerciseLayout.solution(e, file)), 'utf8');
    } catch {
      return `// The extension's copy of the reference solution is missing; reinstalling LLM Foundations restores it.`;
    }
  }
}
