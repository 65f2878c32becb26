// Helpers for UI end-to-end specs (test/e2e/*.e2e.js). The runner (test/harness/run-e2e.js) installs the packaged
// VSIX into code-server, starts it, and hands the server and browser to this module; specs only use the helpers.
//
//   const { openWorkbench, openCourseView, treeRows, runCommand, webviewFrame } = require('./workbench');
//   const page = await openWorkbench();          // fresh workspace folder, fresh browser context
//   await openCourseView(page);                  // clicks "LLM Foundations" in the activity bar
//   const rows = await treeRows(page);           // [{ label, level, expanded }] of the Chapters tree
//   await runCommand(page, 'LLM Foundations: Get Started');
//   const frame = webviewFrame(page);            // FrameLocator inside the active webview
'use strict';
const fs = require('fs');
const path = require('path');
const { waitFor } = require('../harness/wait');

/** @type {{ run: any, browser: any, pages: any[] } | null} set by the runner */
let ctx = null;
let workspaceCount = 0;

function setContext(value) {
  ctx = value;
}

function context() {
  if (!ctx) throw new Error('e2e specs run through `npm run test:e2e` (test/harness/run-e2e.js), not plain mocha');
  return ctx;
}

/**
 * Opens the workbench on a new, empty workspace folder (optionally seeded with files) in a fresh browser context.
 * @param {{ files?: Record<string, string>, noFolder?: boolean }} [opts] files: relative path -> content;
 *   noFolder: open the workbench with no folder at all (page.workspace is then undefined)
 */
async function openWorkbench(opts = {}) {
  const { run, browser, pages } = context();
  // One workbench at a time: close the previous spec's so they don't compete for the CPU.
  for (const old of pages.splice(0)) await old.context().close().catch(() => {});
  const workspace = path.join(run.dir, 'workspaces', `ws${++workspaceCount}`);
  fs.mkdirSync(workspace, { recursive: true });
  for (const [rel, content] of Object.entries(opts.files || {})) {
    fs.mkdirSync(path.dirname(path.join(workspace, rel)), { recursive: true });
    fs.writeFileSync(path.join(workspace, rel), content);
  }
  const browserContext = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await browserContext.newPage();
  page.workspace = opts.noFolder ? undefined : workspace;
  page.home = run.dirs.home;
  pages.push(page);
  await page.goto(opts.noFolder ? `${run.url}/?ew=true` : `${run.url}/?folder=${encodeURIComponent(workspace)}`);
  // Ready when the extensions' contributions are in: our container shows in the activity bar.
  await activityBarItem(page).waitFor({ state: 'visible', timeout: 60000 });
  return page;
}

/**
 * Opens a new workspace folder in a second code-server that keeps Workspace Trust on (sharing the installed
 * extension), and answers the trust prompt with "No": the folder is in Restricted Mode.
 */
async function openUntrustedWorkbench() {
  const c = context();
  if (!c.trustRun) {
    const { createRun } = require('../harness/code-server');
    c.trustRun = createRun(c.tools, 'trust', { workspaceTrust: true, extensionsDir: c.run.dirs.extensions });
    c.extraRuns.push(c.trustRun);
    await c.trustRun.start();
  }
  for (const old of c.pages.splice(0)) await old.context().close().catch(() => {});
  const workspace = path.join(c.trustRun.dir, 'workspaces', `ws${++workspaceCount}`);
  fs.mkdirSync(workspace, { recursive: true });
  const browserContext = await c.browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await browserContext.newPage();
  page.workspace = workspace;
  c.pages.push(page);
  await page.goto(`${c.trustRun.url}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator('.monaco-dialog-box .monaco-button', { hasText: /No, I don.t trust the authors/ }).click({ timeout: 60000 });
  await activityBarItem(page).waitFor({ state: 'visible', timeout: 60000 });
  return page;
}

/** The activity bar item of our view container. */
function activityBarItem(page) {
  return page.locator('.part.activitybar .action-item a[aria-label^="LLM Foundations"]').first();
}

/** Clicks "LLM Foundations" in the activity bar (unless its container is already open) and waits for Chapters. */
async function openCourseView(page) {
  const item = activityBarItem(page);
  await item.waitFor({ state: 'visible', timeout: 30000 });
  const checked = await item.locator('xpath=..').getAttribute('aria-checked').catch(() => null);
  const selected = checked === 'true' || (await item.locator('xpath=..').getAttribute('class'))?.includes('checked');
  if (!selected) await item.click();
  await chaptersTree(page)
    .waitFor({ state: 'visible', timeout: 30000 })
    .catch(async () => {
      // An empty tree is hidden behind the view's welcome content: say what the learner sees instead.
      const shown = await page.locator('.part.sidebar').innerText().catch(() => '(no sidebar)');
      throw new Error(`the Chapters tree did not appear within 30 s; the sidebar shows: ${JSON.stringify(shown.trim().slice(0, 300))}`);
    });
}

/** The tree widget of the Chapters view. */
function chaptersTree(page) {
  return page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header', { hasText: /chapters/i }) }).locator('.monaco-list').first();
}

/**
 * Rows of the Chapters tree as the user sees them, waiting until at least `min` rows are rendered.
 * @returns {Promise<{ label: string, level: number, expanded: boolean | null }[]>}
 */
async function treeRows(page, { min = 1, timeoutMs = 30000 } = {}) {
  const rows = chaptersTree(page).locator('.monaco-list-row');
  const read = async () => {
    const all = await rows.evaluateAll((els) =>
      els.map((el) => ({
        label: (el.querySelector('.label-name') || el).textContent.trim(),
        description: (el.querySelector('.label-description') || { textContent: '' }).textContent.trim(),
        level: Number(el.getAttribute('aria-level')),
        expanded: el.hasAttribute('aria-expanded') ? el.getAttribute('aria-expanded') === 'true' : null,
      })),
    );
    return all.length >= min ? all : null;
  };
  return waitFor(read, { timeoutMs, what: `${min} row(s) in the Chapters tree` }).catch(async (e) => {
    throw new Error(`${e.message}; rows now: ${JSON.stringify(await rows.allInnerTexts())}`);
  });
}

/** The tree row whose label matches `label` (string: substring; RegExp: match). */
function treeRow(page, label) {
  return chaptersTree(page).locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: label }) }).first();
}

/** Expands chapter `chapterNumber` in the Chapters tree and clicks the exercise titled `title` (starting it). */
async function clickExercise(page, chapterNumber, title) {
  await treeRow(page, new RegExp(`^${chapterNumber}\\. `)).click();
  await treeRow(page, title).click();
}

/** Where an exercise's learner file is scaffolded in the page's workspace (default exercises folder). */
function learnerPath(page, exerciseId, file) {
  return path.join(page.workspace, 'llm-foundations', ...exerciseId.split('/'), file);
}

/** Opens the command palette (F1). */
async function openPalette(page) {
  await page.keyboard.press('F1');
  const widget = page.locator('.quick-input-widget');
  await widget.waitFor({ state: 'visible', timeout: 10000 });
  return widget;
}

/** Labels the command palette lists for `text`. */
async function paletteEntries(page, text) {
  const widget = await openPalette(page);
  await page.keyboard.type(text);
  const rows = widget.locator('.quick-input-list .monaco-list-row');
  await rows.first().waitFor({ state: 'visible', timeout: 10000 });
  const labels = await rows.locator('.label-name').allInnerTexts();
  await page.keyboard.press('Escape');
  await widget.waitFor({ state: 'hidden', timeout: 10000 });
  return labels.map((l) => l.trim());
}

/**
 * Runs a command by its palette title, e.g. "LLM Foundations: Get Started". Resolves once the palette has let go:
 * it closed, or the command reused it for a quick pick of its own (then its rows are the command's).
 */
async function runCommand(page, title) {
  const widget = await openPalette(page);
  await page.keyboard.type(title);
  const input = widget.locator('input').first();
  const typed = await input.inputValue();
  const row = widget.locator('.quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: title }) }).first();
  // The row is sometimes rendered but reported hidden while the list re-lays out under load; it is then still the
  // focused (first) match, so Enter runs it.
  const shown = await row.waitFor({ state: 'visible', timeout: 10000 }).then(() => true, () => false);
  if (shown && (await row.click({ timeout: 5000 }).then(() => true, () => false))) {
    // clicked
  } else if ((await widget.locator('.quick-input-list .monaco-list-row.focused').first().getAttribute('aria-label').catch(() => null)) === title) {
    await page.keyboard.press('Enter');
  } else {
    throw new Error(`the command palette does not offer "${title}"`);
  }
  await waitFor(async () => !(await widget.isVisible()) || (await input.inputValue()) !== typed, {
    timeoutMs: 10000,
    what: `the command palette to run "${title}"`,
  });
}

/**
 * Picks the row of the open quick pick whose label contains `text`: types it into the filter, then clicks the row —
 * or presses Enter when the row is the focused one but reported hidden (the list re-lays out under load).
 */
async function pickQuickItem(page, text) {
  const widget = page.locator('.quick-input-widget');
  await widget.waitFor({ state: 'visible', timeout: 10000 });
  await page.keyboard.type(text);
  const row = widget.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
  await row.waitFor({ state: 'attached', timeout: 10000 });
  const shown = await row.waitFor({ state: 'visible', timeout: 5000 }).then(() => true, () => false);
  if (shown && (await row.click({ timeout: 5000 }).then(() => true, () => false))) return;
  await waitFor(async () => ((await widget.locator('.quick-input-list .monaco-list-row.focused').first().getAttribute('aria-label').catch(() => '')) || '').includes(text), {
    timeoutMs: 10000,
    what: `"${text}" to be the focused row of the quick pick`,
  });
  await page.keyboard.press('Enter');
}

/** The DOM inside the active webview (the outer iframe hosts the inner #active-frame). */
function webviewFrame(page) {
  return page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
}

/** A notification toast containing `text`. */
function notification(page, text) {
  return page.locator('.notification-toast', { hasText: text });
}

/**
 * Titles of the open editor tabs, from each tab's aria-label ("matrix.ts, preview" -> "matrix.ts"): newer
 * workbenches show a file's name and extension in separate elements, so the visible label text is not the name.
 */
async function editorTabs(page) {
  const labels = await page.locator('.tabs-container .tab').evaluateAll((els) => els.map((el) => el.getAttribute('aria-label') || ''));
  return labels.map((l) => l.split(',')[0].trim());
}

/** The course manifest, so specs follow the content instead of copying it. */
function course() {
  return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'exercises', 'course.json'), 'utf8'));
}

module.exports = {
  pickQuickItem,
  setContext,
  openWorkbench,
  openUntrustedWorkbench,
  openCourseView,
  activityBarItem,
  chaptersTree,
  treeRows,
  treeRow,
  clickExercise,
  learnerPath,
  openPalette,
  paletteEntries,
  runCommand,
  webviewFrame,
  notification,
  editorTabs,
  course,
};
