// The course in the activity bar: the Chapters tree lists every chapter of exercises/course.json and expands a
// chapter into its lesson and exercises.
'use strict';
const assert = require('assert');
const { openWorkbench, openCourseView, treeRows, treeRow, runCommand, course } = require('./workbench');
const { waitFor } = require('../harness/wait');

/** "1. Neural networks" -> "Neural networks": the tree may number its chapters. */
const withoutNumber = (label) => label.replace(/^\d+[.:)]?\s+/, '');

describe('Chapters view', () => {
  const chapters = course().chapters;
  let page;

  before(async () => {
    page = await openWorkbench();
  });

  it('opens from the "LLM Foundations" activity bar item and lists the chapters in course order', async () => {
    await openCourseView(page);
    const rows = await treeRows(page, { min: chapters.length });
    const top = rows.filter((r) => r.level === 1).map((r) => withoutNumber(r.label));
    assert.deepStrictEqual(top, chapters.map((c) => c.title), 'chapter rows of the Chapters tree');
  });

  it('opens the Get Started walkthrough the first time the course is opened', async () => {
    // This spec file runs first (files run in name order), so the test above was the profile's first activation.
    await ourWalkthrough(page).waitFor({ state: 'visible', timeout: 30000 });
  });

  it('expands chapter 1 into its lesson and exercises', async () => {
    const first = chapters[0];
    await treeRow(page, first.title).click();
    const children = await waitFor(
      async () => {
        const rows = await treeRows(page);
        const i = rows.findIndex((r) => r.level === 1 && withoutNumber(r.label) === first.title);
        if (i < 0 || rows[i].expanded !== true) return null;
        const below = [];
        for (const r of rows.slice(i + 1)) {
          if (r.level <= 1) break;
          below.push(r.label);
        }
        return below.length ? below : null;
      },
      { timeoutMs: 15000, what: `chapter "${first.title}" to show its children` },
    );
    const exerciseTitles = first.exercises.map((e) => e.title);
    const missing = exerciseTitles.filter((t) => !children.includes(t));
    assert.deepStrictEqual(missing, [], `exercises of chapter 1 missing from the tree; children shown: ${JSON.stringify(children)}`);
    assert.ok(children.some((c) => /lesson/i.test(c)), `no lesson row under chapter 1; children shown: ${JSON.stringify(children)}`);
  });
});

/** The walkthrough page of this course (the Welcome editor showing our walkthrough). */
const ourWalkthrough = (page) => page.locator('.gettingStartedContainer', { hasText: 'Learn how LLMs work, in VS Code' });

describe('Get Started walkthrough', () => {
  it('opens from "LLM Foundations: Get Started" with its six steps', async () => {
    const page = await openWorkbench();
    await runCommand(page, 'LLM Foundations: Get Started');
    const walkthrough = ourWalkthrough(page);
    await walkthrough.waitFor({ state: 'visible', timeout: 30000 });
    const steps = await walkthrough.locator('.getting-started-step .step-title').allInnerTexts();
    assert.deepStrictEqual(steps.map((s) => s.trim()), [
      'Open the course', 'Read your first lesson', 'Choose a folder for your work', 'Start an exercise', 'Ask for a hint', 'Reset, restore, export',
    ]);
  });
});
