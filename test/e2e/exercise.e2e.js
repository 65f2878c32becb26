// A learner's first exercise in the real UI: clicking it in the Chapters tree scaffolds it into the workspace and
// opens the starter beside its task statement; the tree shows it in progress; reset saves the learner's version
// first and "Restore My Version" brings it back; a link in the lesson starts an exercise too.
'use strict';
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { openWorkbench, openCourseView, treeRow, clickExercise, learnerPath, editorTabs, notification, runCommand, webviewFrame } = require('./workbench');
const { waitFor } = require('../harness/wait');

const MATRIX_TITLE = 'Matrix operations';

describe('Scaffolding an exercise from the tree', () => {
  let page;
  let learnerFile;

  before(async () => {
    page = await openWorkbench();
    learnerFile = learnerPath(page, 'neural-networks/matrix-ops', 'matrix.ts');
    await openCourseView(page);
  });

  it('writes the starter and opens it beside the task statement', async () => {
    await clickExercise(page, 1, MATRIX_TITLE);
    await waitFor(() => fs.existsSync(learnerFile), { timeoutMs: 30000, what: `${learnerFile} to be written` });
    assert.match(fs.readFileSync(learnerFile, 'utf8'), /TODO/);
    const tabs = await waitFor(
      async () => {
        const t = await editorTabs(page);
        return t.includes('matrix.ts') && t.includes('Task: Matrix operations') ? t : null;
      },
      { timeoutMs: 30000, what: 'matrix.ts and the task preview to be open' },
    );
    // The task statement is rendered with its math (KaTeX) in the course's own panel.
    const task = webviewFrame(page).locator('#lesson:not([aria-busy])');
    await task.waitFor({ state: 'visible', timeout: 30000 });
    assert.match(await task.locator('h1').first().innerText(), /Matrix operations/);
    assert.ok((await task.locator('.katex').count()) > 0, 'the task statement shows no rendered math');
    assert.ok(tabs.includes('matrix.ts'), `tabs: ${JSON.stringify(tabs)}`);
  });

  it('shows the exercise as in progress in the tree', async () => {
    const icon = treeRow(page, MATRIX_TITLE).locator('.codicon-circle-large-filled');
    await icon.waitFor({ state: 'visible', timeout: 15000 });
  });

  it('resets to the starter after saving the learner version, and restores it', async () => {
    fs.writeFileSync(learnerFile, '// my precious work\n');
    await treeRow(page, MATRIX_TITLE).click({ button: 'right' });
    // The confirmation is a modal dialog of the workbench. A context menu ignores a click that comes too soon
    // after it opened, so click the item until the dialog shows (or the menu is gone).
    const item = page.locator('.context-view .action-label', { hasText: 'Reset Exercise to Starter…' });
    const confirm = page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Reset$/ });
    await waitFor(
      async () => {
        if (await confirm.isVisible()) return true;
        if (await item.isVisible()) await item.click({ timeout: 2000 }).catch(() => {});
        return confirm.isVisible();
      },
      { timeoutMs: 15000, what: 'the reset confirmation dialog' },
    );
    await confirm.click();
    await notification(page, 'is back to its starter').waitFor({ state: 'visible', timeout: 15000 });
    assert.match(fs.readFileSync(learnerFile, 'utf8'), /TODO/, 'the starter is back');

    await runCommand(page, 'LLM Foundations: Restore My Version…');
    // The quick pick asks which exercise (the active one first), then which saved version (newest first).
    const quickPick = page.locator('.quick-input-widget');
    await quickPick.locator('.monaco-list-row', { hasText: MATRIX_TITLE }).first().click();
    await quickPick.locator('.monaco-list-row', { hasText: 'before reset' }).first().click();
    await waitFor(() => fs.readFileSync(learnerFile, 'utf8') === '// my precious work\n', {
      timeoutMs: 15000,
      what: 'the learner version to be restored',
    });
  });
});

describe('Starting an exercise from a lesson link', () => {
  it('opens the exercise named by an exercise: link in the lesson', async () => {
    const page = await openWorkbench();
    await runCommand(page, 'LLM Foundations: Open Lesson');
    const link = webviewFrame(page).locator('a[href^="command:llmFoundations.openExercise"]', { hasText: /Activation/i }).first();
    await link.waitFor({ state: 'visible', timeout: 30000 });
    await link.click();
    const file = path.join(page.workspace, 'llm-foundations', 'neural-networks', 'activations', 'activations.ts');
    await waitFor(() => fs.existsSync(file), { timeoutMs: 30000, what: `${file} to be written by the lesson link` });
    await waitFor(async () => (await editorTabs(page)).includes('activations.ts'), { timeoutMs: 30000, what: 'activations.ts to open' });
  });
});

describe('Starting an exercise with no folder open', () => {
  it('offers to create a course folder, reopens the window there and opens the exercise', async () => {
    const page = await openWorkbench({ noFolder: true });
    await openCourseView(page);
    await clickExercise(page, 1, MATRIX_TITLE);
    const dialog = page.locator('.monaco-dialog-box', { hasText: 'writes your exercise files into a folder' });
    await dialog.waitFor({ state: 'visible', timeout: 30000 });
    await dialog.locator('.monaco-button', { hasText: 'Create ~/llm-foundations-course' }).click();
    // The window reloads into the new folder; the exercise asked for opens after the reload.
    const file = path.join(page.home, 'llm-foundations-course', 'llm-foundations', 'neural-networks', 'matrix-ops', 'matrix.ts');
    await waitFor(() => fs.existsSync(file), { timeoutMs: 60000, what: `${file} to be written after the reload` });
    await waitFor(async () => (await editorTabs(page)).includes('matrix.ts'), { timeoutMs: 30000, what: 'matrix.ts to open after the reload' });
  });
});
