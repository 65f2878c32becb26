// The embedding visualizer's document, as data: which built files it loads (relative to dist/) and its body. Pure,
// so the webview tests in Chromium load exactly what the panel does.

/** Stylesheets, relative to dist/. */
export const EMBEDDINGS_STYLES: readonly string[] = ['webviews/embeddings.css'];
/** Scripts, relative to dist/. */
export const EMBEDDINGS_SCRIPTS: readonly string[] = ['webviews/embeddings.js'];
/** The UMAP Web Worker bundle, relative to dist/; the app fetches it and starts it from a blob: URL. */
export const EMBEDDINGS_UMAP_WORKER = 'webviews/embeddings-umap.js';

/**
 * The body the app wires up. `umapWorker`: the worker bundle's webview URL. `testHook` makes the app publish its
 * results in #lf-test-hook (end-to-end tests). `learnerError`: why the learner's module could not be loaded.
 */
export function embeddingsBody(umapWorker: string, testHook = false, learnerError?: string): { body: string; bodyAttributes: Record<string, string>; allowWorkers: true } {
  return {
    body: `<header class="toolbar" role="toolbar" aria-label="Vector set and projection">
  <div class="field"><vscode-label for="source">Vectors</vscode-label><vscode-single-select id="source" aria-label="Vector set"></vscode-single-select></div>
  <div class="field"><vscode-label for="method">Method</vscode-label><vscode-single-select id="method" aria-label="Projection method">
    <vscode-option value="pca">PCA</vscode-option>
    <vscode-option value="tsne">t-SNE</vscode-option>
    <vscode-option value="umap">UMAP</vscode-option>
  </vscode-single-select></div>
  <div class="field"><vscode-label for="dims">Dimensions</vscode-label><vscode-single-select id="dims" aria-label="Dimensions">
    <vscode-option value="2">2-D</vscode-option>
    <vscode-option value="3">3-D</vscode-option>
  </vscode-single-select></div>
  <vscode-button id="project">Project</vscode-button>
  <span id="backend" class="backend" role="status">…</span>
</header>
<p id="status" class="status" role="status" aria-live="polite"></p>
<section id="notices" class="notices" aria-live="polite"></section>
<div id="busy" class="busy" role="status" hidden><vscode-progress-ring></vscode-progress-ring><span class="busy-text"></span><vscode-button id="cancel" secondary hidden>Cancel</vscode-button></div>
<div class="layout">
  <div id="plot" class="plot"></div>
  <aside class="side">
    <h2>Nearest neighbours</h2>
    <div class="row"><vscode-textfield id="query" placeholder="Search a word" aria-label="Word to search"></vscode-textfield><vscode-button id="search">Search</vscode-button></div>
    <ol id="neighbours" class="scored" aria-label="Nearest neighbours by cosine similarity"></ol>
    <p id="learner" class="learner" hidden></p>
    <h2>Analogy <span class="hint">a − b + c</span></h2>
    <div class="row analogy">
      <vscode-textfield id="analogy-a" placeholder="king" aria-label="a"></vscode-textfield><span aria-hidden="true">−</span>
      <vscode-textfield id="analogy-b" placeholder="man" aria-label="b"></vscode-textfield><span aria-hidden="true">+</span>
      <vscode-textfield id="analogy-c" placeholder="woman" aria-label="c"></vscode-textfield>
    </div>
    <div class="row"><vscode-button id="solve">Solve</vscode-button></div>
    <ol id="analogy-results" class="scored" aria-label="Analogy answers by cosine similarity"></ol>
  </aside>
</div>`,
    bodyAttributes: {
      'data-umap-worker': umapWorker,
      ...(testHook ? { 'data-test-hook': '' } : {}),
      ...(learnerError ? { 'data-learner-error': learnerError } : {}),
    },
    allowWorkers: true,
  };
}
