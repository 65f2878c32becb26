// Hidden tests from the real extension host: the runTests command grades the learner's file in a child process,
// records the run as progress, and the Chapters tree follows (starter: red; reference copied in: green).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { LlmFoundationsApi } from '../../src/extension';
import type { Results } from '../../src/grading/results';

const EXTENSION_ID = 'llm-foundations.llm-foundations';
const MATRIX = 'neural-networks/matrix-ops';

async function api(): Promise<{ api: LlmFoundationsApi; extensionPath: string }> {
  const ext = vscode.extensions.getExtension<LlmFoundationsApi | undefined>(EXTENSION_ID);
  assert.ok(ext, 'extension not installed');
  const exports = await ext.activate();
  assert.ok(exports, 'activate() returned nothing');
  return { api: exports, extensionPath: ext.extensionPath };
}

function learnerFile(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the integration run must open a workspace folder');
  return path.join(folder.uri.fsPath, 'llm-foundations', 'neural-networks', 'matrix-ops', 'matrix.ts');
}

describe('Running hidden tests', function () {
  this.timeout(120000);

  before(async () => {
    await api();
    if (!fs.existsSync(learnerFile())) await vscode.commands.executeCommand('llmFoundations.openExercise', MATRIX);
  });

  it('fails the starter, with messages, and records the attempt', async () => {
    const { api: { progress, tree } } = await api();
    const { extensionPath } = await api();
    fs.copyFileSync(path.join(extensionPath, 'exercises', 'neural-networks', 'matrix-ops', 'starter', 'matrix.ts'), learnerFile());
    const attemptsBefore = progress.get(MATRIX).attempts;
    const results = (await vscode.commands.executeCommand('llmFoundations.runTests', MATRIX)) as Results | undefined;
    assert.ok(results, 'runTests returned no results');
    assert.strictEqual(results.status, 'fail', JSON.stringify(results).slice(0, 500));
    assert.ok(results.tests.length >= 5, `${results.tests.length} hidden tests`);
    const failed = results.tests.filter((t) => t.status !== 'pass');
    assert.ok(failed.length > 0 && failed.every((t) => t.message), 'every failure explains itself');
    assert.match(failed.map((t) => t.message).join('\n'), /TODO/, 'the starter fails on its TODOs');
    const p = progress.get(MATRIX);
    assert.strictEqual(p.attempts, attemptsBefore + 1);
    assert.strictEqual(p.status, 'in-progress');
    assert.strictEqual(p.lastRun?.total, results.tests.length);
    assert.strictEqual(tree.getTreeItem(tree.nodeForExercise(MATRIX)!).contextValue, 'exercise.started');
  });

  it('passes the reference solution and marks the exercise passed in the tree', async () => {
    const { api: { progress, tree }, extensionPath } = await api();
    fs.copyFileSync(path.join(extensionPath, 'exercises', 'neural-networks', 'matrix-ops', 'solution', 'matrix.ts'), learnerFile());
    const results = (await vscode.commands.executeCommand('llmFoundations.runTests', MATRIX)) as Results | undefined;
    assert.strictEqual(results?.status, 'pass', JSON.stringify(results?.tests.filter((t) => t.status !== 'pass')).slice(0, 800));
    assert.strictEqual(progress.get(MATRIX).status, 'passed');
    assert.strictEqual(progress.get(MATRIX).bestScore, 1);
    assert.strictEqual(tree.getTreeItem(tree.nodeForExercise(MATRIX)!).contextValue, 'exercise.passed');
  });

  it('grades what the editor shows: unsaved edits are saved first', async () => {
    const { api: { progress } } = await api();
    const doc = await vscode.workspace.openTextDocument(learnerFile());
    const editor = await vscode.window.showTextDocument(doc);
    // The tests above changed the file behind the editor's back: reload it from disk before editing.
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), 'export const broken: number = ;\n'));
    const results = (await vscode.commands.executeCommand('llmFoundations.runTests', MATRIX)) as Results | undefined;
    assert.strictEqual(doc.isDirty, false, 'the edit was not saved before grading');
    assert.ok(results && results.status !== 'pass', 'a syntax error cannot pass');
    const messages = [results.message ?? '', ...results.tests.map((t) => t.message ?? '')].join('\n');
    assert.match(messages, /matrix\.ts:1/, `the messages point at the broken line: ${messages.slice(0, 400)}`);
    // Passed stays passed: a later broken run never takes the achievement away.
    assert.strictEqual(progress.get(MATRIX).status, 'passed');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
  it("fails a file whose hidden tests pass but whose types are wrong, with VS Code's TypeScript error at its line", async () => {
    const { extensionPath } = await api();
    const solution = fs.readFileSync(path.join(extensionPath, 'exercises', 'neural-networks', 'matrix-ops', 'solution', 'matrix.ts'), 'utf8');
    const text = `${solution}\nexport const size: number = 'three';\n`;
    fs.writeFileSync(learnerFile(), text);
    // Closed in the editor: the run opens it in the background and waits for the TS server's report.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const results = (await vscode.commands.executeCommand('llmFoundations.runTests', MATRIX)) as Results | undefined;
    assert.ok(results, 'runTests returned no results');
    const check = results.tests.find((t) => t.category === 'TypeScript');
    assert.ok(check, `no type check in ${JSON.stringify(results).slice(0, 600)}`);
    assert.strictEqual(check.status, 'fail');
    assert.strictEqual(results.status, 'fail');
    const line = text.split('\n').length - 1;
    assert.deepStrictEqual(check.location, { file: 'matrix.ts', line, column: 14 });
    assert.match(check.message ?? '', /TS2322: Type 'string' is not assignable to type 'number'/);
    assert.ok(results.tests.filter((t) => t !== check).every((t) => t.status === 'pass'), 'the hidden tests themselves pass');
    fs.writeFileSync(learnerFile(), solution);
    const clean = (await vscode.commands.executeCommand('llmFoundations.runTests', MATRIX)) as Results | undefined;
    assert.strictEqual(clean?.status, 'pass', JSON.stringify(clean?.tests.slice(-1)));
  });
});
