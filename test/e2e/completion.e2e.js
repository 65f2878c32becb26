// One exercise of every later chapter completed in the real UI, from the packaged VSIX: start it from the Chapters
// tree (the starter is scaffolded and opens), run its hidden tests (red), put the reference solution in, run again
// (green), and see the tree mark it passed. Chapter 1's matrix-ops has its own, more detailed walk in
// grading.e2e.js (CodeLens, Test Explorer). The TF.js chapters prove that learner code importing
// @tensorflow/tfjs is graded against the extension's bundled copy, with nothing installed in the workspace.
'use strict';
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { openWorkbench, openCourseView, treeRow, clickExercise, learnerPath, editorTabs, notification, course } = require('./workbench');
const { waitFor } = require('../harness/wait');

const repoRoot = path.resolve(__dirname, '..', '..');
const IDS = ['traditional-lms/ngrams', 'tokenization/bpe-train', 'embeddings/similarity', 'transformer/attention', 'capstone/mini-gpt'];

describe('Completing one exercise of each chapter', () => {
  const chapters = course().chapters;
  for (const id of IDS) {
    const chapter = chapters.find((c) => c.exercises.some((e) => e.id === id));
    const exercise = chapter && chapter.exercises.find((e) => e.id === id);

    it(`${id}: the starter fails its hidden tests, the reference passes them, and the tree marks it passed`, async function () {
      this.timeout(300000);
      assert.ok(exercise && !exercise.comingSoon, `${id} is not an available exercise in exercises/course.json`);
      const file = exercise.files[0];
      const page = await openWorkbench();
      await openCourseView(page);
      await clickExercise(page, chapter.number, exercise.title);
      await waitFor(async () => (await editorTabs(page)).includes(file), { timeoutMs: 30000, what: `${file} to open` });
      const learnerFile = learnerPath(page, id, file);
      assert.ok(fs.existsSync(learnerFile), `the starter was scaffolded at ${learnerFile}`);

      // The CodeLens above the learner's code runs this exercise's tests; its title then shows the last score.
      const lens = page.locator('.codelens-decoration a', { hasText: 'Run hidden tests' }).first();
      const runHiddenTests = async () => {
        await lens.waitFor({ state: 'visible', timeout: 30000 });
        await lens.click();
      };
      const lastScore = async () => {
        const m = /last: (\d+)\/(\d+)/.exec((await lens.textContent().catch(() => '')) || '');
        return m ? { passed: Number(m[1]), total: Number(m[2]) } : null;
      };
      await runHiddenTests();
      const red = await waitFor(lastScore, { timeoutMs: 120000, what: 'the CodeLens to show the score of the first run' });
      assert.ok(red.total >= 5 && red.passed < red.total, `the starter should fail some of its ${red.total} hidden tests (passed ${red.passed})`);
      await treeRow(page, exercise.title).locator('.codicon-circle-large-filled').waitFor({ state: 'visible', timeout: 15000 });

      const [chapterId, slug] = id.split('/');
      for (const f of exercise.files) fs.copyFileSync(path.join(repoRoot, 'exercises', chapterId, slug, 'solution', f), learnerPath(page, id, f));
      await runHiddenTests();
      const green = await waitFor(async () => {
        const s = await lastScore();
        return s && s.passed === s.total ? s : null;
      }, { timeoutMs: 120000, what: 'the CodeLens to show every hidden test passing' });
      assert.ok(green.total >= 5, `${green.total} hidden tests`);
      await notification(page, new RegExp(`${escape(exercise.title)}": all \\d+ hidden tests pass`)).waitFor({ state: 'visible', timeout: 30000 });
      await openCourseView(page);
      await treeRow(page, exercise.title).locator('.codicon-pass-filled').waitFor({ state: 'visible', timeout: 15000 });
    });
  }
});

function escape(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
