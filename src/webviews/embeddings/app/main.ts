// The embedding visualizer app (bundled for the browser into dist/webviews/embeddings.js, its CSS into
// embeddings.css). It says `ready`, lists the vector sets the host offers, loads one, projects it (PCA on TF.js) in
// 2-D or 3-D into the WebGL scatter plot, and answers searches (cosine nearest neighbours) and analogies
// (a − b + c). Settings, the searched word, the analogy and the camera persist with setState, so a reloaded window
// shows the same view. One projection at a time: a new request (another method, 2-D/3-D, another vector set)
// supersedes the one running, and Project while that very projection runs adds nothing. "Browse…" in the source list
// asks the host for a file anywhere; a saved similarity.ts is loaded again in place. Results are published for the
// end-to-end tests when the document carries `data-test-hook`.

import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import './embeddings.css';
import * as tf from '@tensorflow/tfjs';
import { BrowsedMessage, DatasetMessage, DEFAULT_STATE, isEmbeddingsState, LearnerModuleMessage, LoadErrorMessage, SourcesMessage } from '../protocol';
import type { CameraState, EmbeddingsState, EmbeddingsTestResults, ProjectionMethod, VectorSource, WebviewToHost } from '../protocol';
import { CancelledError, EmbeddingIndex, pca } from './compute';
import type { Scored } from './compute';
import { ScatterPlot } from './plot';
import { tsne } from './tsne';
import { startUmapWorker, umap } from './umap';
import { sampleIndices } from '../vectors';
import { LEARNER_MODULES_GLOBAL } from '../../learnerScript';
import type { LearnerModuleFactory } from '../../learnerScript';

interface WebviewApi {
  postMessage(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: EmbeddingsState): void;
}
declare function acquireVsCodeApi(): WebviewApi;

/** The parts of a @vscode-elements control this app uses. */
interface ValueElement extends HTMLElement {
  value: string;
  disabled: boolean;
}

const vscode = acquireVsCodeApi();
const saved = vscode.getState();
let state: EmbeddingsState = isEmbeddingsState(saved) ? saved : DEFAULT_STATE;
vscode.setState(state);

const ui = {
  source: byId<ValueElement>('source'),
  method: byId<ValueElement>('method'),
  dims: byId<ValueElement>('dims'),
  project: byId<ValueElement>('project'),
  backend: byId('backend'),
  status: byId('status'),
  notices: byId('notices'),
  plot: byId('plot'),
  query: byId<ValueElement>('query'),
  search: byId<ValueElement>('search'),
  neighbours: byId('neighbours'),
  a: byId<ValueElement>('analogy-a'),
  b: byId<ValueElement>('analogy-b'),
  c: byId<ValueElement>('analogy-c'),
  solve: byId<ValueElement>('solve'),
  analogyResults: byId('analogy-results'),
  busy: byId('busy'),
  learner: byId('learner'),
  cancel: byId<ValueElement>('cancel'),
};

/** A projection's cancel switch; Cancel flips it (and ends the UMAP worker), `superseded` says a newer request did. */
interface CancelToken {
  cancelled: boolean;
  superseded?: boolean;
  onCancel?: () => void;
}

/** The projection running now (`key`: what it projects), and whether another waits in the queue. */
let activeProjection: { key: string; token: CancelToken } | undefined;
let projectionWaiting = false;

/** The camera the saved state holds, put back on the first layout shown after the page (re)loads. */
let restoreCamera: CameraState | undefined = state.camera;

let sources: readonly VectorSource[] = [];
let dataset: { sourceId: string; words: readonly string[]; lookup: Map<string, number>; index: EmbeddingIndex } | undefined;
let plot: ScatterPlot | undefined;
let nextRequestId = 1;
let pendingLoad = 0;
const timings: Record<string, number> = {};
const projectionRuns: EmbeddingsTestResults['projectionRuns'][number][] = [];
const results: { -readonly [K in keyof EmbeddingsTestResults]: EmbeddingsTestResults[K] } = { backend: 'none', numTensors: 0, timingsMs: timings, projectionRuns };
if (state.camera) results.camera = state.camera;
const testHook = document.body.dataset.testHook !== undefined ? createTestHook() : undefined;

// ---- backend ---------------------------------------------------------------------------------------------------

/** WebGL when the webview has it; else the cpu backend, with a visible notice. */
async function initBackend(): Promise<void> {
  let webgl = false;
  try {
    webgl = await tf.setBackend('webgl');
  } catch {
    webgl = false;
  }
  if (!webgl) await tf.setBackend('cpu');
  await tf.ready();
  showBackend();
  if (webgl) watchContextLoss();
}

function showBackend(note?: string): void {
  const backend = tf.getBackend();
  results.backend = backend;
  ui.backend.textContent = backend === 'webgl' ? 'WebGL' : 'CPU';
  ui.backend.title = backend === 'webgl' ? 'Computing on the GPU with TF.js WebGL' : 'Computing on the CPU: WebGL is unavailable here, so large sets are slower';
  ui.backend.classList.toggle('cpu', backend !== 'webgl');
  if (backend !== 'webgl') addNotice(note ?? 'WebGL is unavailable in this webview: computing on the CPU (slower for large sets).', 'warning');
}

/** A lost WebGL context (driver reset, too many contexts) moves the computation to the CPU and redoes the view. */
function watchContextLoss(): void {
  const backend = tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } };
  const canvas = backend.gpgpu?.gl?.canvas;
  if (!(canvas instanceof HTMLCanvasElement || canvas instanceof OffscreenCanvas)) return;
  canvas.addEventListener('webglcontextlost', (e) => {
    e.preventDefault();
    void (async () => {
      const old = dataset;
      dataset = undefined;
      try {
        old?.index.dispose();
      } catch {
        // its textures went with the context
      }
      await tf.setBackend('cpu');
      showBackend('The GPU context was lost: computing on the CPU from now on.');
      if (old) {
        dataset = { ...old, index: new EmbeddingIndex(old.index.vectors, old.index.rows, old.index.dim) };
        await refresh();
      }
    })();
  });
}

// ---- the learner's own code (src/webviews/learnerScript.ts) -------------------------------------------------------

type CosineSimilarity = (a: tf.Tensor1D, b: tf.Tensor1D) => unknown;
let learnerCosine: CosineSimilarity | undefined;

/** Instantiates the learner's embeddings/similarity module, if the host loaded it, with this app's TF.js. */
function loadLearnerModule(problem = document.body.dataset.learnerError): void {
  learnerCosine = undefined;
  if (problem) {
    showLearner(`Your similarity.ts could not be loaded: ${problem}`);
    results.learner = { error: problem };
    return;
  }
  const registry = (window as unknown as Record<string, Record<string, LearnerModuleFactory> | undefined>)[LEARNER_MODULES_GLOBAL];
  const factory = registry?.['embeddings/similarity'];
  if (!factory) return;
  const module = { exports: {} as Record<string, unknown> };
  try {
    factory(
      (name) => {
        if (name === '@tensorflow/tfjs') return tf;
        throw new Error(`only @tensorflow/tfjs can be imported in the visualizer (not "${name}")`);
      },
      module,
      module.exports,
    );
  } catch (e) {
    showLearner(`Your similarity.ts failed to load: ${e instanceof Error ? e.message : String(e)}`);
    results.learner = { error: String(e) };
    return;
  }
  if (typeof module.exports.cosineSimilarity === 'function') learnerCosine = module.exports.cosineSimilarity as CosineSimilarity;
}

/** Runs the learner's cosineSimilarity on the searched word and its nearest neighbour, beside the reference. */
function compareLearner(query: number, top: Scored | undefined): void {
  if (!learnerCosine || !dataset || !top) return;
  const [a, b] = [tf.tensor1d(dataset.index.row(query)), tf.tensor1d(dataset.index.row(top.index))];
  const pair = `cosineSimilarity(${dataset.words[query]}, ${dataset.words[top.index]})`;
  try {
    const value = learnerCosine(a, b);
    if (typeof value !== 'number') throw new Error(`it returned ${typeof value}, not a number`);
    const agrees = Math.abs(value - top.score) < 1e-3;
    showLearner(`Your ${pair} = ${value.toFixed(3)} · reference ${top.score.toFixed(3)} ${agrees ? '✓' : '✗'}`);
    results.learner = { value, reference: top.score };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    showLearner(`Your ${pair} threw: ${message}`);
    results.learner = { error: message, reference: top.score };
  } finally {
    tf.dispose([a, b]);
  }
}

/** The nonce of this document's scripts: a learner script loaded later needs it to pass the CSP. */
const scriptNonce = (document.currentScript as HTMLScriptElement | null)?.nonce ?? '';

/** The learner saved similarity.ts: loads its new script in place (the view stays) and compares again. */
function reloadLearnerModule(m: LearnerModuleMessage): void {
  const registry = (window as unknown as Record<string, Record<string, LearnerModuleFactory> | undefined>)[LEARNER_MODULES_GLOBAL];
  if (registry) delete registry['embeddings/similarity'];
  delete results.learner;
  const compareAgain = () => {
    if (state.query) void run('search', () => search(state.query));
    else publish();
  };
  if (m.error || !m.script) {
    loadLearnerModule(m.error);
    if (!m.error) ui.learner.hidden = true; // the file is gone
    compareAgain();
    return;
  }
  const script = document.createElement('script');
  script.nonce = scriptNonce;
  script.src = m.script;
  script.addEventListener('load', () => {
    script.remove();
    loadLearnerModule('');
    compareAgain();
  });
  script.addEventListener('error', () => {
    script.remove();
    loadLearnerModule('its new version could not be loaded into the visualizer');
    compareAgain();
  });
  document.body.append(script);
}

function showLearner(text: string): void {
  ui.learner.hidden = false;
  ui.learner.textContent = text;
}

// ---- messages from the host --------------------------------------------------------------------------------------

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const m = event.data;
  if (SourcesMessage.is(m)) showSources(m.sources);
  else if (DatasetMessage.is(m)) void receiveDataset(m);
  else if (BrowsedMessage.is(m)) browsed(m);
  else if (LearnerModuleMessage.is(m)) reloadLearnerModule(m);
  else if (LoadErrorMessage.is(m)) {
    if (m.requestId !== pendingLoad) return;
    setBusy(undefined);
    clearNotices();
    addNotice(m.message, 'error');
    results.error = m.message;
    publish();
  }
});

/** The source list's last choice: opens the host's file dialog instead of naming a set. */
const BROWSE = 'browse:';
let pendingBrowse = 0;

function showSources(list: readonly VectorSource[]): void {
  sources = list;
  const option = (value: string, label: string, description: string) => {
    const o = document.createElement('vscode-option');
    o.setAttribute('value', value);
    o.setAttribute('description', description);
    o.textContent = label;
    return o;
  };
  ui.source.replaceChildren(
    ...list.map((s) => option(s.id, s.label, s.description)),
    option(BROWSE, 'Browse…', 'a .vec, .txt or .tsv file anywhere (and its metadata TSV)'),
  );
  const wanted = list.find((s) => s.id === state.sourceId) ?? list[0];
  if (!wanted) {
    addNotice('No vector sets found.', 'error');
    return;
  }
  ui.source.value = wanted.id;
  if (dataset?.sourceId !== wanted.id) load(wanted.id);
}

/** "Browse…" was chosen: the host shows its open dialog; the dropdown shows the current set until a file is picked. */
function browse(): void {
  ui.source.value = dataset?.sourceId ?? state.sourceId ?? sources[0]?.id ?? '';
  pendingBrowse = nextRequestId++;
  vscode.postMessage({ type: 'browse', requestId: pendingBrowse });
}

function browsed(m: BrowsedMessage): void {
  if (m.requestId !== pendingBrowse || !m.source) return; // dismissed, or an answer to an earlier Browse…
  const source = m.source;
  showSources([...sources.filter((s) => s.id !== source.id), source]);
  ui.source.value = source.id;
  if (dataset?.sourceId !== source.id) load(source.id);
}

function load(sourceId: string): void {
  pendingLoad = nextRequestId++;
  save({ sourceId });
  setBusy(`Loading ${sources.find((s) => s.id === sourceId)?.label ?? sourceId}…`);
  vscode.postMessage({ type: 'load', requestId: pendingLoad, sourceId });
}

async function receiveDataset(m: DatasetMessage): Promise<void> {
  if (m.requestId !== pendingLoad) return; // an answer to an earlier choice
  // A projection of the previous set stops; the set is swapped between queued actions, never under one.
  if (activeProjection) supersede(activeProjection.token);
  let swapped = false;
  await run('load', () => {
    swapped = swapDataset(m);
    return Promise.resolve();
  });
  if (swapped) await refresh();
}

/** Makes `m` the current set; false when a newer load was asked for meanwhile. */
function swapDataset(m: DatasetMessage): boolean {
  if (m.requestId !== pendingLoad) return false;
  dataset?.index.dispose();
  const lookup = new Map<string, number>();
  m.words.forEach((w, i) => lookup.has(w) || lookup.set(w, i));
  dataset = { sourceId: m.sourceId, words: m.words, lookup, index: new EmbeddingIndex(m.vectors, m.words.length, m.dim) };
  results.dataset = { sourceId: m.sourceId, rows: m.words.length, dim: m.dim };
  delete results.error;
  clearNotices();
  ui.status.textContent = `${m.name}: ${m.words.length.toLocaleString('en-US')} vectors of dimension ${m.dim}`;
  for (const n of m.notices) addNotice(n, 'warning');
  return true;
}

/** Projects the current set and redoes the search and analogy in the saved state. */
function refresh(): Promise<void> {
  return requestProjection(true);
}

/** What a projection lays out: two requests with the same key would draw the same picture. */
function projectionKey(): string {
  return `${dataset?.sourceId ?? ''}|${state.method}|${state.dims}`;
}

/**
 * Asks for a projection of the current set with the current settings, then the saved search (and analogy). A
 * running projection of something else is superseded (cancelled, no notice); one of the same is left to finish, and
 * requests made while one waits in the queue are answered by it (it reads the settings when it starts): the latest
 * request wins and nothing is computed twice.
 */
function requestProjection(withAnalogy: boolean): Promise<void> {
  if (activeProjection && !activeProjection.token.cancelled) {
    if (activeProjection.key === projectionKey() && !projectionWaiting) return queue;
    supersede(activeProjection.token);
  }
  if (projectionWaiting) return queue;
  projectionWaiting = true;
  return run('project', async () => {
    projectionWaiting = false;
    if (!(await project())) return;
    if (state.query) void run('search', () => search(state.query));
    const { a, b, c } = state.analogy;
    if (withAnalogy && a && b && c) void run('analogy', () => solveAnalogy(a, b, c));
  });
}

function supersede(token: CancelToken): void {
  token.superseded = true;
  token.cancelled = true;
  token.onCancel?.();
}

// ---- actions -----------------------------------------------------------------------------------------------------

/** More rows than this are sampled for t-SNE and UMAP (the Embedding Projector samples 10k and 5k). */
const LAYOUT_MAX_ROWS: Record<ProjectionMethod, number> = { pca: Infinity, tsne: 10_000, umap: 20_000 };

/** Which dataset rows the plot shows, by plot index; undefined when it shows every row in order. */
let layoutRows: readonly number[] | undefined;

function showLayout(coords: Float32Array, dims: 2 | 3, rowsShown: readonly number[] | undefined, keepCamera: boolean): void {
  // Highlights are plot indices: stale once the plot shows other rows (the search that follows places them again).
  if (rowsShown !== layoutRows) plot!.setHighlights({ neighbours: [], inputs: [] });
  layoutRows = rowsShown;
  plot!.setPoints(coords, dims, rowsShown ? rowsShown.map((r) => dataset!.words[r]!) : dataset!.words, keepCamera);
  if (!keepCamera && restoreCamera) {
    plot!.setCamera(restoreCamera);
    restoreCamera = undefined;
  }
}

let cameraSave = 0;

/** Keeps the camera in the saved state, at most a few times a second while it moves (reading it when saving). */
function cameraMoved(): void {
  if (cameraSave) return;
  cameraSave = window.setTimeout(() => {
    cameraSave = 0;
    if (!plot) return;
    const camera = plot.getCamera();
    save({ camera });
    results.camera = camera;
    publish();
  }, 250);
}

/** Plot indices of dataset rows (rows the plot does not show are left out). */
function toPlot(rows: readonly number[]): number[] {
  if (!layoutRows) return [...rows];
  const at = new Map(layoutRows.map((r, i) => [r, i]));
  return rows.flatMap((r) => (at.has(r) ? [at.get(r)!] : []));
}

function highlight(query: number | undefined, neighbours: readonly number[], inputs: readonly number[]): void {
  plot?.setHighlights({ query: query === undefined ? undefined : toPlot([query])[0], neighbours: toPlot(neighbours), inputs: toPlot(inputs) });
}

/** Lays out the current set; resolves false when there was nothing to project or the run was cancelled. */
async function project(): Promise<boolean> {
  if (!dataset) return false;
  const { method, dims } = state;
  const full = dataset.index;
  plot ??= new ScatterPlot(ui.plot, { onPick: (i) => pickWord(layoutRows ? layoutRows[i]! : i), onCameraChange: cameraMoved });
  // Too many rows for t-SNE or UMAP: lay out a seeded sample; search and analogies still use every row.
  const sampled = full.rows > LAYOUT_MAX_ROWS[method] ? sampleIndices(full.rows, LAYOUT_MAX_ROWS[method], 1) : undefined;
  let index = full;
  if (sampled) {
    const vectors = new Float32Array(sampled.length * full.dim);
    sampled.forEach((r, i) => vectors.set(full.row(r), i * full.dim));
    index = new EmbeddingIndex(vectors, sampled.length, full.dim);
    addNotice(`${methodLabel(method)} lays out a random sample of ${sampled.length.toLocaleString('en-US')} of the ${full.rows.toLocaleString('en-US')} vectors (as the Embedding Projector does); search and analogies use all of them.`, 'warning');
  }
  const rows = index.rows.toLocaleString('en-US');
  const token: CancelToken = { cancelled: false };
  activeProjection = { key: projectionKey(), token };
  const isCancelled = () => token.cancelled;
  delete results.progress;
  results.cancelled = false;
  const knnProgress = (what: string) => (done: number) => {
    setBusy(`${what}: nearest neighbours on ${tf.getBackend() === 'webgl' ? 'the GPU' : 'the CPU'}, ${done.toLocaleString('en-US')} of ${rows}…`, true);
    reportProgress({ method, phase: 'knn', done, total: index.rows, points: 0 });
  };
  let coords: Float32Array;
  let explained: number[] | undefined;
  /** How far the run's layout on the plot got (t-SNE and UMAP show theirs as they go). */
  let reached: string | undefined;
  try {
    if (method === 'pca') {
      setBusy(`PCA of ${rows} vectors…`);
      const r = await pca(index.vectors, index.rows, index.dim, dims);
      coords = r.coords;
      explained = r.explained;
    } else if (method === 'tsne') {
      setBusy(`t-SNE of ${rows} vectors…`, true);
      let first = true;
      coords = await tsne(index, {
        dims,
        isCancelled,
        onKnnProgress: knnProgress('t-SNE'),
        onFrame: (frame, it, total) => {
          showLayout(frame, dims, sampled, !first);
          reached = `iteration ${it} of ${total}`;
          first = false;
          setBusy(`t-SNE: iteration ${it} of ${total}…`, true);
          reportProgress({ method, phase: 'layout', done: it, total, points: frame.length / dims });
        },
      });
    } else {
      setBusy(`UMAP of ${rows} vectors…`, true);
      coords = await umap(index, dims, {
        worker: () => startUmapWorker(document.body.dataset.umapWorker),
        token,
        onKnnProgress: knnProgress('UMAP'),
        onFrame: (frame, epoch, epochs, first) => {
          showLayout(frame, dims, sampled, !first);
          reached = `epoch ${epoch} of ${epochs}`;
          setBusy(`UMAP: epoch ${epoch} of ${epochs} (in a Web Worker)…`, true);
          reportProgress({ method, phase: 'layout', done: epoch, total: epochs, points: frame.length / dims });
        },
      });
    }
  } catch (e) {
    if (!(e instanceof CancelledError)) throw e;
    projectionRuns.push({ method, dims, outcome: token.superseded ? 'superseded' : 'cancelled' });
    if (token.superseded) return false; // the newer request runs next
    results.cancelled = true;
    if (reached) {
      // The plot keeps the run's last frame, as a stopped Embedding Projector t-SNE does: say which one it is.
      showSummary(`${methodLabel(method)} ${dims}-D, stopped at ${reached}`);
      addNotice(`${methodLabel(method)} cancelled at ${reached}; the plot shows that layout.`, 'warning');
    } else addNotice(`${methodLabel(method)} cancelled before its first layout; the plot shows the previous one.`, 'warning');
    return false;
  } finally {
    if (activeProjection?.token === token) activeProjection = undefined;
    if (index !== full) index.dispose();
  }
  projectionRuns.push({ method, dims, outcome: 'done' });
  results.cancelled = false;
  showLayout(coords, dims, sampled, method !== 'pca');
  results.projection = { method, dims, rows: index.rows, ...(explained ? { explainedVariance: explained } : {}), ...(index.rows <= 2000 ? { coords: Array.from(coords) } : {}) };
  const summary = explained ? `PCA ${dims}-D: ${explained.map((e) => `${(e * 100).toFixed(1)}%`).join(', ')} of the variance` : `${methodLabel(method)} ${dims}-D`;
  showSummary(summary);
  return !token.superseded;
}

/** The status line: the vector set, then what the plot shows. */
function showSummary(summary: string): void {
  ui.status.textContent = `${ui.status.textContent?.split(' · ')[0] ?? ''} · ${summary}`;
}

async function search(word: string): Promise<void> {
  if (!dataset) return;
  const i = find(word);
  if (i === undefined) {
    results.neighbours = { query: word, results: [] };
    ui.neighbours.replaceChildren(messageItem(`“${word}” is not in this vector set.`));
    highlight(undefined, [], []);
    return;
  }
  const found = await dataset.index.neighbours(i, state.k);
  results.neighbours = { query: dataset.words[i]!, results: named(found) };
  showScored(ui.neighbours, found);
  highlight(i, found.map((s) => s.index), []);
  compareLearner(i, found[0]);
}

async function solveAnalogy(a: string, b: string, c: string): Promise<void> {
  if (!dataset) return;
  const ids = [a, b, c].map(find);
  const missing = [a, b, c].filter((_, j) => ids[j] === undefined);
  if (missing.length) {
    results.analogy = { a, b, c, results: [] };
    ui.analogyResults.replaceChildren(messageItem(`Not in this vector set: ${missing.map((w) => `“${w}”`).join(', ')}.`));
    return;
  }
  const [ia, ib, ic] = ids as [number, number, number];
  const found = await dataset.index.analogy(ia, ib, ic, 5);
  results.analogy = { a, b, c, results: named(found) };
  showScored(ui.analogyResults, found);
  highlight(found[0]?.index, found.slice(1).map((s) => s.index), [ia, ib, ic]);
}

function pickWord(i: number): void {
  if (!dataset) return;
  const word = dataset.words[i]!;
  ui.query.value = word;
  save({ query: word });
  void run('search', () => search(word));
}

/** The row of `word`: exact, else case-insensitive. */
function find(word: string): number | undefined {
  if (!dataset) return undefined;
  const w = word.trim();
  const exact = dataset.lookup.get(w);
  if (exact !== undefined) return exact;
  const lower = w.toLowerCase();
  const i = dataset.words.findIndex((x) => x.toLowerCase() === lower);
  return i < 0 ? undefined : i;
}

function named(found: readonly Scored[]): { word: string; score: number }[] {
  return found.map((s) => ({ word: dataset!.words[s.index]!, score: Math.round(s.score * 1e4) / 1e4 }));
}

function showScored(list: HTMLElement, found: readonly Scored[]): void {
  list.replaceChildren(
    ...found.map((s) => {
      const li = document.createElement('li');
      const button = document.createElement('button');
      button.className = 'word';
      button.textContent = dataset!.words[s.index]!;
      button.title = 'Search this word';
      button.addEventListener('click', () => pickWord(s.index));
      const score = document.createElement('span');
      score.className = 'score';
      score.textContent = s.score.toFixed(3);
      li.append(button, score);
      return li;
    }),
  );
}

// ---- running, status, notices ------------------------------------------------------------------------------------

let queue: Promise<void> = Promise.resolve();

/** Runs actions one after another; an error becomes a notice, never an unhandled rejection. */
function run(name: string, action: () => Promise<void>): Promise<void> {
  queue = queue.then(async () => {
    const t0 = performance.now();
    try {
      await action();
      timings[name] = Math.round(performance.now() - t0);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      results.error = message;
      addNotice(message, 'error');
    } finally {
      setBusy(undefined);
      results.numTensors = tf.memory().numTensors;
      publish();
    }
  });
  return queue;
}

function setBusy(what: string | undefined, cancellable = false): void {
  ui.busy.hidden = what === undefined;
  ui.cancel.hidden = !cancellable;
  ui.busy.querySelector('.busy-text')!.textContent = what ?? '';
  document.body.setAttribute('aria-busy', what === undefined ? 'false' : 'true');
}

function addNotice(text: string, kind: 'warning' | 'error'): void {
  if ([...ui.notices.children].some((n) => n.textContent === text)) return;
  const p = document.createElement('p');
  p.className = `notice notice-${kind}`;
  p.textContent = text;
  ui.notices.append(p);
}

function clearNotices(): void {
  ui.notices.querySelectorAll('.notice-warning, .notice-error').forEach((n) => n.remove());
}

function messageItem(text: string): HTMLElement {
  const li = document.createElement('li');
  li.className = 'message';
  li.textContent = text;
  return li;
}

function methodLabel(m: ProjectionMethod): string {
  return { pca: 'PCA', tsne: 't-SNE', umap: 'UMAP' }[m];
}

function save(change: Partial<EmbeddingsState>): void {
  state = { ...state, ...change };
  vscode.setState(state);
}

function createTestHook(): HTMLElement {
  // The tests also need to lose the GPU context on purpose (WEBGL_lose_context), to see the CPU fallback take over.
  (window as unknown as { llmfTest: unknown }).llmfTest = {
    loseWebGLContext: () => {
      const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } }).gpgpu?.gl;
      const ext = gl?.getExtension('WEBGL_lose_context');
      if (!ext) return false;
      ext.loseContext();
      return true;
    },
  };
  const pre = document.createElement('pre');
  pre.id = 'lf-test-hook';
  pre.hidden = true;
  document.body.append(pre);
  return pre;
}

function publish(): void {
  if (testHook) testHook.textContent = JSON.stringify(results);
}

/** Publishes a t-SNE/UMAP run's progress while it runs (only with the test hook). */
function reportProgress(progress: NonNullable<EmbeddingsTestResults['progress']>): void {
  if (!testHook) return;
  results.progress = progress;
  publish();
}

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`embeddings webview: #${id} is missing from the document shell`);
  return el as T;
}

// ---- wiring ------------------------------------------------------------------------------------------------------

function onEnter(el: HTMLElement, f: () => void): void {
  el.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      f();
    }
  });
}

ui.method.value = state.method;
ui.dims.value = String(state.dims);
ui.query.value = state.query;
ui.a.value = state.analogy.a;
ui.b.value = state.analogy.b;
ui.c.value = state.analogy.c;

ui.source.addEventListener('change', () => {
  if (ui.source.value === BROWSE) browse();
  else if (ui.source.value && ui.source.value !== dataset?.sourceId) load(ui.source.value);
});
const reproject = () => {
  save({ method: ui.method.value as ProjectionMethod, dims: ui.dims.value === '3' ? 3 : 2 });
  void requestProjection(false);
};
ui.project.addEventListener('click', reproject);
ui.method.addEventListener('change', reproject);
ui.cancel.addEventListener('click', () => {
  const token = activeProjection?.token;
  if (!token) return;
  token.cancelled = true;
  token.onCancel?.();
});
ui.dims.addEventListener('change', reproject);
const doSearch = () => {
  const word = ui.query.value.trim();
  save({ query: word });
  if (word) void run('search', () => search(word));
};
ui.search.addEventListener('click', doSearch);
onEnter(ui.query, doSearch);
const doSolve = () => {
  const analogy = { a: ui.a.value.trim(), b: ui.b.value.trim(), c: ui.c.value.trim() };
  save({ analogy });
  if (analogy.a && analogy.b && analogy.c) void run('analogy', () => solveAnalogy(analogy.a, analogy.b, analogy.c));
};
ui.solve.addEventListener('click', doSolve);
for (const f of [ui.a, ui.b, ui.c]) onEnter(f, doSolve);

// The workbench swaps the body's theme class (vscode-light / vscode-dark / vscode-high-contrast) on theme changes.
new MutationObserver(() => plot?.readTheme()).observe(document.body, { attributes: true, attributeFilter: ['class'] });

void initBackend().then(
  () => {
    loadLearnerModule();
    publish();
    vscode.postMessage({ type: 'ready' });
  },
  (e: unknown) => addNotice(`TF.js could not start: ${String(e)}`, 'error'),
);
