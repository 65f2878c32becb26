// In an exercise file: a CodeLens above the first line to run the hidden tests or take a hint, and a status bar item
// with the exercise's last score (click to run the tests again).
import * as vscode from 'vscode';
import { CommandId } from '../commands/ids';
import type { CourseIndex } from '../course/catalog';
import type { ProgressStore } from '../progress/store';
import { exerciseIdForPath } from '../scaffold/layout';
import type { CourseWorkspace } from '../scaffold/workspace';
import { Disposable } from '../util/disposable';

export class ExerciseLens extends Disposable implements vscode.CodeLensProvider {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly status = this.register(vscode.window.createStatusBarItem('llmFoundations.score', vscode.StatusBarAlignment.Left, 50));

  constructor(
    private readonly course: CourseIndex,
    private readonly progress: ProgressStore,
    private readonly workspace: CourseWorkspace,
  ) {
    super();
    this.status.name = 'LLM Foundations: Exercise Score';
    this.register(vscode.languages.registerCodeLensProvider({ scheme: 'file', language: 'typescript' }, this));
    this.register(vscode.window.onDidChangeActiveTextEditor(() => this.updateStatus()));
    this.register(
      progress.onDidChange(() => {
        this.updateStatus();
        this.changed.fire();
      }),
    );
    this.updateStatus();
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const id = this.exerciseOf(doc.uri);
    if (!id) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    const p = this.progress.get(id);
    const run = p.lastRun ? `$(beaker) Run hidden tests (last: ${p.lastRun.passed}/${p.lastRun.total})` : '$(beaker) Run hidden tests';
    const lenses = [new vscode.CodeLens(top, { title: run, command: CommandId.RunTests, arguments: [id] })];
    const e = this.course.exercise(id)!;
    if (p.hintsShown < e.hints.length) lenses.push(new vscode.CodeLens(top, { title: '$(lightbulb) Hint', command: CommandId.ShowHint, arguments: [id] }));
    if (p.status === 'passed') lenses.push(new vscode.CodeLens(top, { title: '$(eye) Reference solution', command: CommandId.ShowSolution, arguments: [id] }));
    return lenses;
  }

  private exerciseOf(uri: vscode.Uri): string | undefined {
    const root = this.workspace.currentRoot();
    if (!root || uri.scheme !== 'file') return undefined;
    const id = exerciseIdForPath(root, uri.fsPath);
    const e = id ? this.course.exercise(id) : undefined;
    return e && !e.comingSoon ? e.id : undefined;
  }

  private updateStatus(): void {
    const editor = vscode.window.activeTextEditor;
    const id = editor && this.exerciseOf(editor.document.uri);
    if (!id) {
      this.status.hide();
      return;
    }
    const p = this.progress.get(id);
    const e = this.course.exercise(id)!;
    this.status.text =
      p.status === 'passed' ? `$(pass-filled) ${e.title}` : p.lastRun ? `$(beaker) ${e.title}: ${p.lastRun.passed}/${p.lastRun.total}` : `$(beaker) ${e.title}: not run`;
    this.status.tooltip = `LLM Foundations — ${e.id}. Click to run the hidden tests.`;
    this.status.command = { command: CommandId.RunTests, title: 'Run Hidden Tests', arguments: [id] };
    this.status.show();
  }
}
