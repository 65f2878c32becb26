// The command palette: every command the manifest contributes is offered under "LLM Foundations: ", and running
// "Open Lesson" from it opens the chapter 1 lesson in a webview.
'use strict';
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { openWorkbench, paletteEntries, runCommand, webviewFrame, course } = require('./workbench');

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));

/** Palette titles of the contributed commands, minus those the manifest hides from the palette ("when": "false"). */
function paletteTitles() {
  const hidden = new Set(
    ((manifest.contributes.menus || {}).commandPalette || []).filter((m) => m.when === 'false').map((m) => m.command),
  );
  return manifest.contributes.commands
    .filter((c) => !hidden.has(c.command))
    .map((c) => (c.category ? `${c.category}: ${c.title}` : c.title));
}

describe('Command palette', () => {
  let page;

  before(async () => {
    page = await openWorkbench();
  });

  it('offers every contributed command under "LLM Foundations: "', async () => {
    // The palette renders only the rows that fit its height, so look each title up on its own.
    const missing = [];
    for (const title of paletteTitles()) {
      const listed = await paletteEntries(page, title);
      if (!listed.includes(title)) missing.push(`${title} (the palette listed ${JSON.stringify(listed)})`);
    }
    assert.deepStrictEqual(missing, [], 'commands missing from the palette');
  });

  it('runs "LLM Foundations: Open Lesson", which shows the chapter 1 lesson in a webview', async () => {
    await runCommand(page, 'LLM Foundations: Open Lesson');
    const lesson = webviewFrame(page).locator('#lesson:not([aria-busy])');
    await lesson.waitFor({ state: 'visible', timeout: 30000 });
    const heading = await lesson.locator('h1').first().innerText();
    assert.match(heading, new RegExp(course().chapters[0].title, 'i'), 'the lesson heading');
  });
});
