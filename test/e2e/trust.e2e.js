// Workspace Trust: in Restricted Mode the course can be read (tree, lessons) but nothing of the learner's is
// written or run: starting an exercise or running hidden tests explains that it needs trust, and no file appears.
'use strict';
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { openUntrustedWorkbench, openCourseView, treeRow, notification, runCommand, webviewFrame } = require('./workbench');

describe('In an untrusted workspace (Restricted Mode)', () => {
  let page;

  before(async () => {
    page = await openUntrustedWorkbench();
    await openCourseView(page);
    await treeRow(page, /^1\. Neural networks$/).click();
  });

  it('still reads lessons', async () => {
    await treeRow(page, /^Lesson$/).click();
    const lesson = webviewFrame(page).locator('#lesson:not([aria-busy])');
    await lesson.waitFor({ state: 'visible', timeout: 30000 });
    assert.ok((await lesson.locator('.katex').count()) > 0, 'the lesson math renders in Restricted Mode');
  });

  it('refuses to scaffold an exercise, says why, and writes nothing', async () => {
    await treeRow(page, 'Matrix operations').click();
    await notification(page, 'needs a trusted workspace').waitFor({ state: 'visible', timeout: 30000 });
    assert.ok(!fs.existsSync(path.join(page.workspace, 'llm-foundations')), 'files were written in an untrusted workspace');
  });

  it('runs no learner code: Run Hidden Tests asks for trust instead', async () => {
    await runCommand(page, 'LLM Foundations: Run Hidden Tests');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Matrix operations' }).first().click();
    await notification(page, 'Running the hidden tests needs a trusted workspace').waitFor({ state: 'visible', timeout: 30000 });
  });
});
