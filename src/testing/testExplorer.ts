// Hidden tests in VS Code's Test Explorer: one item per available exercise, its hidden tests as children grouped by
// category once they have run. Runs go through the grading engine (src/grading) in a child process; results become
// pass/fail/error states with expected-vs-actual diffs at the failing line, and are recorded as progress.
import * as path from 'path';
import * as vscode from 'vscode';
import { Setting } from '../commands/ids';
import type { CourseIndex } from '../course/catalog';
import type { Exercise } from '../course/types';
import type { Grader } from '../grading/grader';
import type { Results, TestResult } from '../grading/results';
import type { ProgressStore } from '../progress/store';
import { exerciseDir } from '../scaffold/layout';
import type { CourseWorkspace } from '../scaffold/workspace';
import { requireTrust, saveExerciseFiles } from '../scaffold/workspace';
import { Disposable } from '../util/disposable';
import { declarationOf } from './declaration';

export interface TestRunOutcome {
  readonly exercise: Exercise;
  readonly results: Results;
}

export class HiddenTests extends Disposable {
  private readonly controller: vscode.TestController;
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly course: CourseIndex,
    private readonly progress: ProgressStore,
    private readonly workspace: CourseWorkspace,
    private readonly grader: () => Grader,
  ) {
    super();
    this.controller = this.register(vscode.tests.createTestController('llmFoundations', 'LLM Foundations'));
    for (const e of course.exercises) {
      if (e.comingSoon) continue;
      const item = this.controller.createTestItem(e.id, e.title, this.learnerUri(e));
      item.description = e.id;
      this.controller.items.add(item);
    }
    this.register(
      this.controller.createRunProfile(
        'Run hidden tests',
        vscode.TestRunProfileKind.Run,
        async (request, token) => {
          await this.runRequest(request, token);
        },
        true,
      ),
    );
  }

  /**
   * Runs the hidden tests of one exercise, as the Test Explorer would, and returns its results. A request for an
   * exercise whose run is still going is dropped (undefined): saving files at the start of a run must not start
   * another one when tests run on save.
   */
  async run(exercise: Exercise): Promise<Results | undefined> {
    const item = this.controller.items.get(exercise.id);
    if (!item) throw new Error(`"${exercise.title}" has no hidden tests yet.`);
    if (this.inFlight.has(exercise.id)) return undefined;
    const cts = new vscode.CancellationTokenSource();
    try {
      const outcomes = await this.runRequest(new vscode.TestRunRequest([item]), cts.token);
      return outcomes[0]?.results;
    } finally {
      cts.dispose();
    }
  }

  /** Runs an exercise's hidden tests whenever one of its files is saved, while the setting asks for it. */
  runOnSave(exerciseOf: (uri: vscode.Uri) => Exercise | undefined): vscode.Disposable {
    return vscode.workspace.onDidSaveTextDocument((doc) => {
      if (!vscode.workspace.getConfiguration('llmFoundations').get<boolean>(Setting.RunTestsOnSave, false)) return;
      const e = exerciseOf(doc.uri);
      if (e && vscode.workspace.isTrusted) void this.run(e);
    });
  }

  private async runRequest(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<TestRunOutcome[]> {
    const exercises = this.requested(request);
    if (!exercises.length || !(await requireTrust('Running the hidden tests'))) return [];
    const root = this.workspace.currentRoot();
    const run = this.controller.createTestRun(request, exercises.length === 1 ? exercises[0]!.title : 'LLM Foundations', true);
    const outcomes: TestRunOutcome[] = [];
    try {
      for (const e of exercises) {
        if (token.isCancellationRequested) break;
        const item = this.controller.items.get(e.id)!;
        if (!root) {
          run.errored(item, new vscode.TestMessage('Open the folder that holds your exercises first.'));
          continue;
        }
        run.started(item);
        this.inFlight.add(e.id);
        await saveExerciseFiles(root, e);
        const abort = new AbortController();
        const sub = token.onCancellationRequested(() => abort.abort());
        let results: Results;
        try {
          // An earlier exercise the learner has not passed yet is imported from its reference solution (the hidden
          // tests say which), so an unfinished attention.ts does not sink the capstone.
          const unfinished = this.course.exercises.filter((x) => x.id !== e.id && this.progress.get(x.id).status !== 'passed').map((x) => x.id);
          results = await this.grader().grade(e, exerciseDir(root, e), abort.signal, unfinished);
        } finally {
          sub.dispose();
          this.inFlight.delete(e.id);
        }
        this.report(run, item, e, exerciseDir(root, e), results);
        if (!token.isCancellationRequested) {
          const passed = results.tests.filter((t) => t.status === 'pass').length;
          await this.progress.recordRun(e.id, { passed, failed: results.tests.length - passed, total: results.tests.length });
        }
        outcomes.push({ exercise: e, results });
      }
    } finally {
      run.end();
    }
    return outcomes;
  }

  /** The exercises a request names (an exercise item, or any of its children), or all of them. */
  private requested(request: vscode.TestRunRequest): Exercise[] {
    const ids = new Set<string>();
    if (request.include) for (const item of request.include) ids.add(rootOf(item).id);
    else this.controller.items.forEach((item) => ids.add(item.id));
    for (const item of request.exclude ?? []) if (!item.parent) ids.delete(item.id);
    return [...ids].map((id) => this.course.exercise(id)).filter((e): e is Exercise => !!e);
  }

  private report(run: vscode.TestRun, item: vscode.TestItem, e: Exercise, learnerDir: string, results: Results): void {
    const uri = item.uri ?? this.learnerUri(e);
    // Rebuild the children from this run: the hidden tests are what the run reports, grouped by category.
    const children: vscode.TestItem[] = [];
    const categories = new Map<string, vscode.TestItem>();
    const testItems: Array<[vscode.TestItem, TestResult]> = [];
    for (const t of results.tests) {
      let parent: vscode.TestItem | undefined;
      if (t.category) {
        parent = categories.get(t.category);
        if (!parent) {
          parent = this.controller.createTestItem(`${e.id}::${t.category}`, t.category, uri);
          categories.set(t.category, parent);
          children.push(parent);
        }
      }
      const child = this.controller.createTestItem(`${e.id}::${t.category ?? ''}::${t.name}`, t.name, uri);
      testItems.push([child, t]);
      if (parent) parent.children.add(child);
      else children.push(child);
    }
    item.children.replace(children);
    for (const [child, t] of testItems) {
      if (t.output) run.appendOutput(`${t.output.replace(/\r?\n/g, '\r\n')}\r\n`, undefined, child);
      if (t.status === 'pass') run.passed(child);
      else if (t.status === 'fail') run.failed(child, this.message(t, learnerDir, e));
      else run.errored(child, this.message(t, learnerDir, e));
    }
    if (results.status === 'error' && results.message) run.errored(item, new vscode.TestMessage(results.message));
    else if (results.status === 'pass') run.passed(item, results.durationMs);
    else if (!results.tests.length) run.errored(item, new vscode.TestMessage(results.message ?? 'No hidden test ran.'));
  }

  private message(t: TestResult, learnerDir: string, e: Exercise): vscode.TestMessage {
    const text = t.message ?? (t.status === 'fail' ? 'Failed' : 'Errored');
    const message = t.expected !== undefined && t.actual !== undefined ? vscode.TestMessage.diff(text, t.expected, t.actual) : new vscode.TestMessage(text);
    const file = t.location?.file ?? e.files[0];
    if (file) {
      const full = path.join(learnerDir, file);
      // A check that failed in the hidden test itself (a wrong value, a misconception) has no line in the learner's
      // file: point at the declaration its category names (`matmul` -> `export function matmul`), else line 1.
      const at = t.location ? { line: t.location.line, column: t.location.column } : declarationOf(full, t.category);
      message.location = new vscode.Location(vscode.Uri.file(full), new vscode.Position(Math.max(0, at.line - 1), Math.max(0, at.column - 1)));
    }
    return message;
  }

  private learnerUri(e: Exercise): vscode.Uri | undefined {
    const root = this.workspace.currentRoot();
    const first = e.files[0];
    return root && first ? vscode.Uri.file(path.join(exerciseDir(root, e), first)) : undefined;
  }
}

function rootOf(item: vscode.TestItem): vscode.TestItem {
  let i = item;
  while (i.parent) i = i.parent;
  return i;
}
