// The embedding visualizer in code-server: "Open Embedding Visualizer" from the palette shows the panel, which loads
// the shipped GloVe vectors and projects them with PCA; searching a word lists its neighbours, read through the
// app's test hook (#lf-test-hook, on through the llmFoundations.webviewTestHook setting of the workspace); after a
// window reload the panel comes back with the same search and camera; saving the learner's similarity.ts reaches the
// open panel (the host watches it) without a new projection; UMAP runs to the end from the panel's controls; t-SNE
// starts there, animates, and is cancelled back to a usable panel; a file outside the workspace is picked with
// "Browse…" in the open dialog. With E2E_SCREENSHOTS=1 it also takes a screenshot in a light, a dark and a
// high-contrast theme (into .test-evidence/, never committed).
'use strict';
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { openWorkbench, runCommand, webviewFrame } = require('./workbench');
const { waitFor } = require('../harness/wait');
const { evidenceDir } = require('../harness/evidence');

/** Themes, the class the workbench then carries, and the class a webview's body then carries. */
const THEMES = [
  ['Default Light Modern', 'vs', 'vscode-light'],
  ['Default Dark Modern', 'vs-dark', 'vscode-dark'],
  ['Default High Contrast', 'hc-black', 'vscode-high-contrast'],
];

const repoRoot = path.resolve(__dirname, '..', '..');

/** A small word2vec text file, as the learner's word2vec exercise writes it. */
function learnerVectors() {
  const rows = Array.from({ length: 30 }, (_, i) => `w${i} ${Array.from({ length: 5 }, (_, d) => Math.sin(i * 5 + d).toFixed(4)).join(' ')}`);
  return `30 5\n${rows.join('\n')}\n`;
}

function settings(extra = {}) {
  return JSON.stringify({ 'llmFoundations.webviewTestHook': true, ...extra }, null, 2);
}

/** The app's published results once `ready(results)` holds. */
async function hookResults(page, ready, what, timeoutMs = 180000) {
  const hook = webviewFrame(page).locator('#lf-test-hook');
  return waitFor(
    async () => {
      const text = await hook.textContent({ timeout: 2000 }).catch(() => null);
      const r = text ? JSON.parse(text) : undefined;
      if (r && r.error) throw new Error(`the visualizer reported: ${r.error}`);
      return r && ready(r) ? r : undefined;
    },
    { timeoutMs, what },
  );
}

describe('Embedding visualizer', function () {
  // GloVe 10k × 100 through software WebGL inside code-server on a shared machine.
  this.timeout(400000);
  let page;

  before(async () => {
    page = await openWorkbench({
      files: {
        '.vscode/settings.json': settings(),
        // The learner's own word2vec output, and their similarity exercise (here: the reference solution).
        'llm-foundations/embeddings/word2vec/vectors.vec': learnerVectors(),
        'llm-foundations/embeddings/similarity/similarity.ts': fs.readFileSync(path.join(repoRoot, 'exercises', 'embeddings', 'similarity', 'solution', 'similarity.ts'), 'utf8'),
      },
    });
  });

  it('opens from the palette, projects GloVe with PCA and lists the neighbours of a searched word', async () => {
    await runCommand(page, 'LLM Foundations: Open Embedding Visualizer');
    const projected = await hookResults(page, (r) => r.projection, 'the PCA projection of GloVe');
    assert.deepStrictEqual(projected.dataset, { sourceId: 'glove', rows: 10000, dim: 100 });
    assert.strictEqual(projected.projection.method, 'pca');

    const frame = webviewFrame(page);
    await frame.locator('#query input').fill('london');
    await frame.locator('#query input').press('Enter');
    const searched = await hookResults(page, (r) => r.neighbours && r.neighbours.query === 'london', 'the neighbours of "london"');
    const words = searched.neighbours.results.map((n) => n.word);
    assert.strictEqual(words.length, 10, `neighbours: ${words.join(', ')}`);
    assert.ok(words.some((w) => ['paris', 'york', 'sydney', 'berlin', 'dublin', 'glasgow'].includes(w)), `neighbours of london: ${words.join(', ')}`);
    assert.strictEqual(await frame.locator('#neighbours li').count(), 10, 'the neighbours are listed in the panel');

    if (process.env.E2E_SCREENSHOTS) {
      const dir = evidenceDir('e2e-embeddings');
      for (const [theme, themeClass, webviewClass] of THEMES) {
        fs.writeFileSync(path.join(page.workspace, '.vscode', 'settings.json'), settings({ 'workbench.colorTheme': theme }));
        await waitFor(async () => (await page.locator('.monaco-workbench').first().getAttribute('class')).split(/\s+/).includes(themeClass), { timeoutMs: 15000, what: `the ${theme} theme` });
        // The webview repaints after the workbench: wait until its body carries the theme's class too.
        await waitFor(async () => ((await frame.locator('body').getAttribute('class')) || '').split(/\s+/).includes(webviewClass), { timeoutMs: 15000, what: 'the webview theme' });
        await page.screenshot({ path: path.join(dir, `embeddings-${theme.toLowerCase().replace(/\s+/g, '-')}.png`) });
      }
      console.log(`      screenshots in ${path.relative(process.cwd(), dir)}`);
    }
  });

  it('comes back after a window reload with the same vector set, search and camera', async () => {
    // Zoom in with the keyboard on the plot; the app saves the camera a moment later.
    const canvas = webviewFrame(page).locator('.plot-canvas');
    await canvas.focus();
    await canvas.press('+');
    await hookResults(page, (r) => r.camera && Math.abs(r.camera.zoom - 1.2) < 1e-6, 'the zoomed camera saved', 30000);
    await runCommand(page, 'Developer: Reload Window');
    const restored = await hookResults(page, (r) => r.neighbours && r.neighbours.query === 'london', 'the restored panel');
    assert.strictEqual(restored.dataset.sourceId, 'glove');
    assert.strictEqual(restored.neighbours.results.length, 10);
    assert.ok(restored.camera && Math.abs(restored.camera.zoom - 1.2) < 1e-6, `the camera after the reload: ${JSON.stringify(restored.camera)}`);
  });

  it("takes up the learner's similarity.ts again when it is saved, keeping the view", async () => {
    const before = await hookResults(page, (r) => r.neighbours && r.learner, "the learner's cosineSimilarity beside the reference");
    assert.strictEqual(before.learner.error, undefined, `the solution failed in the panel: ${before.learner.error}`);
    const file = path.join(page.workspace, 'llm-foundations', 'embeddings', 'similarity', 'similarity.ts');
    const solution = fs.readFileSync(file, 'utf8');
    // The learner goes back to the starter (it throws its TODO), then to their solution.
    fs.writeFileSync(file, fs.readFileSync(path.join(repoRoot, 'exercises', 'embeddings', 'similarity', 'starter', 'similarity.ts'), 'utf8'));
    const changed = await hookResults(page, (r) => r.learner && r.learner.error, 'the saved starter in the panel', 60000);
    assert.match(changed.learner.error, /TODO/);
    assert.deepStrictEqual(changed.projectionRuns, before.projectionRuns, 'the view was kept: no projection ran again');
    fs.writeFileSync(file, solution);
    const back = await hookResults(page, (r) => r.learner && r.learner.value !== undefined && !r.learner.error, 'the saved solution in the panel', 60000);
    assert.ok(Math.abs(back.learner.value - back.learner.reference) < 1e-3, `learner ${back.learner.value}, reference ${back.learner.reference}`);
  });

  // UMAP of the 10k GloVe vectors runs to the end here (its kNN graph on WebGL, then its epochs in a Web Worker: about
  // a minute on CI's two cores), started from the panel's own controls. Needs the panel of the tests above.
  it("projects GloVe with UMAP from the panel's controls to the end, showing progress, and searches in the new layout", async function () {
    this.timeout(480000);
    const frame = webviewFrame(page);
    await hookResults(page, (r) => r.projection && r.neighbours, 'the panel idle with a projection and a search');
    // 2-D (the default, kept from above); choosing the method in its dropdown starts the projection.
    assert.strictEqual(await frame.locator('#dims').evaluate((el) => el.value), '2');
    await frame.locator('#method').click();
    await frame.locator('#method li[role="option"]', { hasText: 'UMAP' }).click();
    const running = await hookResults(page, (r) => r.progress && r.progress.method === 'umap' && r.progress.phase === 'layout' && r.progress.done > 0, 'UMAP epochs on GloVe');
    assert.strictEqual(running.progress.points, 10000, 'UMAP placed every GloVe vector on the plot');
    const done = await hookResults(page, (r) => r.projection && r.projection.method === 'umap', 'the finished UMAP layout of GloVe', 420000);
    assert.deepStrictEqual([done.projection.rows, done.projection.dims, done.cancelled], [10000, 2, false]);
    assert.deepStrictEqual(done.projectionRuns.at(-1), { method: 'umap', dims: 2, outcome: 'done' });
    await frame.locator('#busy').waitFor({ state: 'hidden', timeout: 30000 });
    assert.match(await frame.locator('#status').innerText(), /UMAP 2-D/);
    await frame.locator('#query input').fill('france');
    await frame.locator('#query input').press('Enter');
    const searched = await hookResults(page, (r) => r.neighbours && r.neighbours.query === 'france', 'the neighbours of "france" in the UMAP layout', 60000);
    assert.ok(searched.neighbours.results.some((n) => ['spain', 'italy', 'germany', 'belgium', 'paris'].includes(n.word)), `neighbours of france: ${searched.neighbours.results.map((n) => n.word).join(', ')}`);
  });

  // A full t-SNE of 10k points through software WebGL takes about half an hour (0.5 iterations/s): it is started from
  // the panel's controls, followed into its animated layout (after its kNN graph, every point placed on the plot),
  // cancelled, and the panel must then answer again. The webview layer runs t-SNE to the end on a small set.
  it("projects GloVe with t-SNE from the panel's controls, showing progress, and cancels back to a usable panel", async function () {
    this.timeout(240000);
    const frame = webviewFrame(page);
    const before = await hookResults(page, (r) => r.projection && r.neighbours, 'the panel idle with a projection and a search');
    assert.strictEqual(before.dataset.sourceId, 'glove');
    // 2-D (the default, kept from above); choosing the method in its dropdown starts the projection.
    assert.strictEqual(await frame.locator('#dims').evaluate((el) => el.value), '2');
    await frame.locator('#method').click();
    await frame.locator('#method li[role="option"]', { hasText: 't-SNE' }).click();

    const running = await hookResults(page, (r) => r.progress && r.progress.method === 'tsne' && r.progress.phase === 'layout' && r.progress.done > 0, 't-SNE iterations on GloVe');
    const { done, total, points } = running.progress;
    assert.ok(done < total, `t-SNE is still running (${done} of ${total})`);
    assert.strictEqual(points, 10000, 't-SNE placed every GloVe vector on the plot');
    const busy = frame.locator('#busy');
    assert.match(await busy.locator('.busy-text').innerText(), /t-SNE: iteration \d+ of \d+/);
    // force: the busy text beside the button changes with every frame, and software WebGL delays the animation
    // frames Playwright's stability check waits for.
    await frame.locator('#cancel').click({ force: true });

    const cancelled = await hookResults(page, (r) => r.cancelled === true, 'the cancelled t-SNE run', 60000);
    assert.strictEqual(cancelled.projection.method, before.projection.method, 'a cancelled run publishes no projection of its own');
    // The plot keeps the run's last animated frame, and the status line and notice say which one it shows.
    await frame.locator('.notice-warning', { hasText: 't-SNE cancelled at ' }).waitFor({ timeout: 30000 });
    await busy.waitFor({ state: 'hidden', timeout: 30000 });
    assert.match(await frame.locator('#status').innerText(), /t-SNE 2-D, stopped at iteration \d+ of 1000$/);

    // The panel answers again: a search lists neighbours.
    await frame.locator('#query input').fill('river');
    await frame.locator('#query input').press('Enter');
    const searched = await hookResults(page, (r) => r.neighbours && r.neighbours.query === 'river', 'the neighbours of "river" after the cancel', 60000);
    assert.strictEqual(searched.neighbours.results.length, 10);
    assert.strictEqual(searched.error, undefined);
    await frame.locator('#neighbours li', { hasText: searched.neighbours.results[0].word }).first().waitFor({ timeout: 10000 });
  });

  // Runs last: it leaves the panel on another vector set.
  it('loads a vector file from outside the workspace picked with Browse… in the open dialog', async function () {
    this.timeout(180000);
    const picked = path.join(page.home, 'picked-vectors', 'points.vec');
    fs.mkdirSync(path.dirname(picked), { recursive: true });
    fs.writeFileSync(picked, learnerVectors());
    const frame = webviewFrame(page);
    await frame.locator('#source').click();
    await frame.locator('#source li[role="option"]', { hasText: 'Browse…' }).click();
    // code-server's open dialog is the workbench's own: a quick input that takes a path.
    const widget = page.locator('.quick-input-widget');
    const input = widget.locator('input[type="text"]');
    await input.waitFor({ state: 'visible', timeout: 30000 });
    // It fills in the workspace folder first, and may do so again after a path was typed (it replaced ours in one of
    // our runs): type the path, and once the dialog lists the file press Enter, until the dialog has taken it and closed.
    await waitFor(async () => (await input.inputValue()).endsWith('/'), { timeoutMs: 15000, what: 'the dialog to show its start folder' });
    await waitFor(
      async () => {
        if (!(await widget.isVisible())) return true;
        if ((await input.inputValue()) !== picked) await input.fill(picked);
        else if (await widget.locator('.monaco-list-row', { hasText: 'points.vec' }).first().isVisible()) await input.press('Enter');
        return false;
      },
      { timeoutMs: 90000, intervalMs: 1000, what: 'the open dialog to take the picked file and close' },
    );
    const r = await hookResults(page, (x) => x.dataset && x.dataset.sourceId.endsWith('points.vec') && x.projection && x.projection.rows === 30, 'the picked file projected', 150000);
    assert.strictEqual(r.dataset.dim, 5);
    assert.match(await frame.locator('#status').innerText(), /points\.vec: 30 vectors of dimension 5/);
  });
});
