// The course shell in a real extension host: the Chapters tree, lessons, scaffolding into the open workspace,
// never overwriting learner work, and progress reaching the tree.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { LlmFoundationsApi } from '../../src/extension';
import type { CourseNode } from '../../src/views/chapterTree';

const EXTENSION_ID = 'llm-foundations.llm-foundations';
const MATRIX = 'neural-networks/matrix-ops';

async function api(): Promise<LlmFoundationsApi> {
  const ext = vscode.extensions.getExtension<LlmFoundationsApi | undefined>(EXTENSION_ID);
  assert.ok(ext, 'extension not installed');
  const exports = await ext.activate();
  assert.ok(exports, 'activate() returned nothing: the course catalog failed to load');
  return exports;
}

function label(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

async function until<T>(get: () => T | undefined, what: string, timeoutMs = 15000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = get();
    if (v) return v;
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the integration run must open a workspace folder');
  return folder.uri.fsPath;
}

describe('Chapters tree', () => {
  it('lists the five chapters and the capstone with progress descriptions', async () => {
    const { tree } = await api();
    const items = tree.getChildren().map((n) => tree.getTreeItem(n));
    assert.deepStrictEqual(items.map(label), [
      '1. Neural networks',
      '2. Traditional language models',
      '3. Tokenization',
      '4. Embeddings',
      '5. The transformer',
      '6. Capstone: Mini-GPT',
    ]);
    for (const item of items) assert.match(String(item.description), /^\d+\/\d+$/);
  });

  it('puts the lesson first in each chapter, then its exercises, coming-soon ones marked and inert', async () => {
    const { tree } = await api();
    const [chapter1] = tree.getChildren();
    const children = tree.getChildren(chapter1).map((n) => ({ node: n, item: tree.getTreeItem(n) }));
    assert.strictEqual(children[0]!.node.kind, 'lesson');
    assert.strictEqual(children[0]!.item.command?.command, 'llmFoundations.openLesson');
    const soon = children.filter((c) => c.item.contextValue === 'exercise.soon');
    for (const c of soon) {
      assert.strictEqual(c.item.description, 'coming soon');
      assert.strictEqual(c.item.command, undefined, `${label(c.item)} must not open anything`);
    }
    const matrix = children.find((c) => c.node.kind === 'exercise' && c.node.exercise.id === MATRIX);
    assert.ok(matrix, 'matrix-ops is in chapter 1');
    assert.deepStrictEqual(matrix.item.command?.arguments, [MATRIX]);
  });

  it('lists the Embedding Visualizer in chapter 4 after its lesson, and opens it from there', async () => {
    const { tree } = await api();
    const chapter4 = tree.getChildren().find((n) => n.kind === 'chapter' && n.chapter.id === 'embeddings');
    assert.ok(chapter4, 'chapter 4 is in the tree');
    const children = tree.getChildren(chapter4).map((n) => ({ node: n, item: tree.getTreeItem(n) }));
    assert.deepStrictEqual(children.slice(0, 2).map((c) => c.node.kind), ['lesson', 'visualizer'], `children: ${children.map((c) => label(c.item)).join(', ')}`);
    const visualizer = children[1]!.item;
    assert.strictEqual(label(visualizer), 'Embedding Visualizer');
    assert.strictEqual(visualizer.command?.command, 'llmFoundations.openVisualizer.embeddings');
    const others = tree.getChildren().filter((n) => n !== chapter4).flatMap((n) => tree.getChildren(n));
    assert.deepStrictEqual(others.filter((n) => n.kind === 'visualizer'), [], 'only chapter 4 has a visualizer so far');

    // What clicking the item does: the panel opens (closed again at once: it would compute in the background).
    await vscode.commands.executeCommand(visualizer.command!.command, ...(visualizer.command!.arguments ?? []));
    const tab = await until(
      () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.label === 'Embedding Visualizer'),
      'the Embedding Visualizer tab appears',
    );
    await vscode.window.tabGroups.close(tab);
  });
});

describe('Lessons', () => {
  it('opens the chapter 1 lesson in a webview panel, once', async () => {
    await api();
    await vscode.commands.executeCommand('llmFoundations.openLesson', 'neural-networks');
    await vscode.commands.executeCommand('llmFoundations.openLesson', 'neural-networks');
    const lessonTabs = () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.label.startsWith('Lesson 1'));
    // The tab model reaches the extension host shortly after the panel is created.
    await until(() => lessonTabs().length > 0, 'the lesson tab appears');
    assert.deepStrictEqual(lessonTabs().map((t) => t.label), ['Lesson 1: Neural networks']);
  });
});

describe('Scaffolding an exercise', () => {
  const file = () => path.join(workspaceRoot(), 'llm-foundations', 'neural-networks', 'matrix-ops', 'matrix.ts');

  it('writes the starter, task statement and tsconfig, and opens the learner file', async () => {
    const { progress, tree } = await api();
    await vscode.commands.executeCommand('llmFoundations.openExercise', MATRIX);
    assert.ok(fs.existsSync(file()), `${file()} was not written`);
    assert.match(fs.readFileSync(file(), 'utf8'), /TODO/);
    const dir = path.dirname(file());
    assert.ok(fs.existsSync(path.join(dir, 'README.md')), 'task statement missing');
    assert.ok(fs.existsSync(path.join(workspaceRoot(), 'llm-foundations', 'tsconfig.json')), 'tsconfig missing');
    assert.ok(fs.existsSync(path.join(workspaceRoot(), 'llm-foundations', '.types', '@tensorflow', 'tfjs', 'package.json')), 'type declarations missing');
    await until(() => vscode.window.visibleTextEditors.find((e) => e.document.uri.fsPath === file()), 'matrix.ts is visible');
    const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => `${g.viewColumn}:${t.label}`));
    await until(() => tabs().find((t) => t === '2:Task: Matrix operations'), `the task statement opens beside (tabs: ${tabs().join(', ')})`);
    assert.ok(tabs().includes('1:matrix.ts'), `matrix.ts in the first column: ${tabs().join(', ')}`);
    assert.strictEqual(progress.get(MATRIX).status, 'in-progress');
    const node = tree.nodeForExercise(MATRIX) as CourseNode;
    assert.strictEqual(tree.getTreeItem(node).contextValue, 'exercise.started');
  });

  it('gives exercise files IntelliSense for @tensorflow/tfjs with no npm install', async function () {
    this.timeout(90000);
    await api();
    // A file with one deliberate type error: the TypeScript server must resolve tfjs to report exactly that error,
    // and would report "Cannot find module" instead if the generated tsconfig or the declarations were wrong.
    const probe = path.join(workspaceRoot(), 'llm-foundations', 'embeddings', 'probe', 'probe.ts');
    fs.mkdirSync(path.dirname(probe), { recursive: true });
    fs.writeFileSync(probe, "import * as tf from '@tensorflow/tfjs';\nexport const n: number = tf.scalar(1);\n");
    try {
      await vscode.window.showTextDocument(vscode.Uri.file(probe));
      const diagnostics = await until(() => {
        const d = vscode.languages.getDiagnostics(vscode.Uri.file(probe));
        return d.length ? d : undefined;
      }, 'TypeScript reports on the probe file', 80000);
      assert.deepStrictEqual(
        diagnostics.map((d) => d.message.split('\n')[0]),
        ["Type 'Scalar' is not assignable to type 'number'."],
      );
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      fs.rmSync(path.dirname(path.dirname(probe)), { recursive: true, force: true });
    }
  });

  it('never overwrites the learner file when the exercise is opened again', async () => {
    await api();
    fs.writeFileSync(file(), 'export const mine = "my work";\n');
    await vscode.commands.executeCommand('llmFoundations.openExercise', MATRIX);
    assert.strictEqual(fs.readFileSync(file(), 'utf8'), 'export const mine = "my work";\n');
  });

  it('sets up the earlier exercise an exercise builds on, leaving it not started, and never overwrites it', async () => {
    const { progress } = await api();
    const course = path.join(workspaceRoot(), 'llm-foundations');
    const value = path.join(course, 'neural-networks', 'autograd', 'value.ts');
    assert.ok(!fs.existsSync(value), 'autograd was set up before the test');
    await vscode.commands.executeCommand('llmFoundations.openExercise', 'neural-networks/mlp');
    assert.ok(fs.existsSync(path.join(course, 'neural-networks', 'mlp', 'mlp.ts')));
    assert.match(fs.readFileSync(value, 'utf8'), /TODO/, "mlp.ts imports '../autograd/value': its starter is set up too");
    assert.strictEqual(progress.get('neural-networks/autograd').status, 'not-started');
    fs.writeFileSync(value, 'export class Value {}\n');
    fs.rmSync(path.join(course, 'neural-networks', 'mlp', 'mlp.ts'));
    await vscode.commands.executeCommand('llmFoundations.openExercise', 'neural-networks/mlp');
    assert.strictEqual(fs.readFileSync(value, 'utf8'), 'export class Value {}\n', 'the learner version of value.ts is kept');
  });

  it('writes a fresh starter when the learner file was deleted, keeping the rest', async () => {
    await api();
    const readme = path.join(path.dirname(file()), 'README.md');
    fs.writeFileSync(readme, 'my notes');
    fs.rmSync(file());
    await vscode.commands.executeCommand('llmFoundations.openExercise', MATRIX);
    assert.match(fs.readFileSync(file(), 'utf8'), /TODO/);
    assert.strictEqual(fs.readFileSync(readme, 'utf8'), 'my notes');
  });

  it('reveals the active exercise in the Chapters view', async () => {
    const { treeView } = await api();
    await vscode.commands.executeCommand('llmFoundations.chapters.focus');
    await vscode.window.showTextDocument(vscode.Uri.file(file()));
    await vscode.commands.executeCommand('llmFoundations.revealActiveExercise');
    const selected = await until(() => treeView.selection.find((n) => n.kind === 'exercise'), 'an exercise is selected');
    assert.strictEqual(selected.kind === 'exercise' && selected.exercise.id, MATRIX);
  });

  it('refuses an unknown exercise id without writing anything', async () => {
    await api();
    const before = fs.readdirSync(path.join(workspaceRoot(), 'llm-foundations'));
    await vscode.commands.executeCommand('llmFoundations.openExercise', 'neural-networks/no-such-exercise');
    assert.deepStrictEqual(fs.readdirSync(path.join(workspaceRoot(), 'llm-foundations')), before);
  });
});
