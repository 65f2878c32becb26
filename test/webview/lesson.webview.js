// The lesson app (dist/webviews/lesson.js) in the lesson panel's document and CSP: it says `ready`, renders what
// the host posts (the real chapter 1 lesson, with KaTeX math), shows errors as text, and reports the end once.
'use strict';
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { openWebview } = require('./page');
const { renderLesson } = require('../../src/lessons/render.ts');
const { LESSON_SCRIPTS, LESSON_STYLES, lessonBody } = require('../../src/webviews/lesson/shell.ts');

const repoRoot = path.resolve(__dirname, '..', '..');
const course = JSON.parse(fs.readFileSync(path.join(repoRoot, 'exercises', 'course.json'), 'utf8'));
const chapter = course.chapters[0];

/** The lesson panel's document (src/webviews/lesson/shell.ts: the same files and body as the panel). */
function lessonDocument() {
  return {
    title: `Lesson ${chapter.number}: ${chapter.title}`,
    styles: LESSON_STYLES.map((f) => `dist/${f}`),
    scripts: LESSON_SCRIPTS.map((f) => `dist/${f}`),
    ...lessonBody(chapter.id),
    allowStyleAttributes: true,
  };
}

function chapterOneLesson() {
  const markdown = fs.readFileSync(path.join(repoRoot, 'exercises', chapter.id, chapter.lesson || 'lesson.md'), 'utf8');
  const byId = new Map(course.chapters.flatMap((c) => c.exercises.map((e) => [e.id, e])));
  return renderLesson(markdown, {
    exercise: (id) => byId.get(id),
    chapter: (id) => course.chapters.find((c) => c.id === id),
    hasVisualizer: () => false,
  });
}

describe('lesson webview app', () => {
  it('says ready, then renders the posted lesson with its math under the panel CSP', async () => {
    const view = await openWebview(lessonDocument());
    await view.waitForPosted('ready');
    const lesson = chapterOneLesson();
    await view.post({ type: 'render', title: lesson.title, html: lesson.html });
    const main = view.page.locator('#lesson:not([aria-busy])');
    await main.waitFor({ state: 'visible', timeout: 15000 });
    assert.strictEqual(await main.locator('h1').first().innerText(), lesson.title);
    assert.strictEqual(await view.page.title(), lesson.title, 'document title');
    assert.ok(lesson.html.includes('class="katex"'), 'the chapter 1 lesson should contain math');
    // KaTeX's stylesheet loaded under the CSP: its hidden MathML is clipped away, not shown as raw text.
    const position = await main.locator('.katex-mathml').first().evaluate((el) => getComputedStyle(el).position);
    assert.strictEqual(position, 'absolute', 'katex.min.css did not apply to the rendered math');
    assert.deepStrictEqual(await view.problems(), [], 'CSP violations or errors in the lesson app');
  });

  it('shows a host error as text, never as HTML', async () => {
    const view = await openWebview(lessonDocument());
    await view.waitForPosted('ready');
    await view.post({ type: 'error', title: 'Lesson missing', message: '<img src=x onerror=alert(1)> not found' });
    const alert = view.page.locator('#lesson [role="alert"]');
    await alert.waitFor({ state: 'visible', timeout: 15000 });
    assert.match(await alert.innerText(), /<img src=x onerror=alert\(1\)> not found/);
    assert.strictEqual(await alert.locator('img').count(), 0, 'the message was inserted as HTML');
  });

  it('reports reaching the end of the lesson exactly once', async () => {
    const view = await openWebview(lessonDocument());
    await view.waitForPosted('ready');
    const lesson = chapterOneLesson();
    await view.post({ type: 'render', title: lesson.title, html: lesson.html });
    await view.page.locator('#lesson:not([aria-busy])').waitFor({ timeout: 15000 });
    await view.page.evaluate(() => document.getElementById('lesson-end').scrollIntoView());
    await view.waitForPosted('reachedEnd');
    await view.page.evaluate(() => window.scrollTo(0, 0));
    await view.page.evaluate(() => document.getElementById('lesson-end').scrollIntoView());
    // Let the observer deliver the second crossing (two frames), then count.
    await view.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const ends = (await view.posted()).filter((m) => m.type === 'reachedEnd');
    assert.strictEqual(ends.length, 1, `reachedEnd posted ${ends.length} times`);
  });
});
