// Messages between the embedding visualizer panel (host) and its webview app, and the state the app persists.
// Shared by both sides, so it imports neither vscode nor the DOM; every message is checked with an is() guard on
// arrival (the other side is another process, and another version after an update).
//
// Handshake: the app posts `ready` when its document has loaded; the host answers with `sources` (the vector sets
// on offer). The app asks for one with `load` and a fresh request id; the host answers `dataset` or `loadError`
// with the same id, so a late answer to an earlier request is recognised and ignored. "Browse…" in the app's source
// list posts `browse` with a request id; the host shows its open dialog and answers `browsed` with the picked file as
// a new source (or none). When the learner saves their similarity.ts, the host sends `learnerModule` with the new
// script (or why it could not be prepared).

export const EMBEDDINGS_VIEW_TYPE = 'llmFoundations.embeddings';

interface MessageType<M extends { readonly type: string }> {
  readonly type: M['type'];
  is(m: unknown): m is M;
}

function messageType<M extends { readonly type: string }>(
  type: M['type'],
  hasFields: (m: Record<string, unknown>) => boolean = () => true,
): MessageType<M> {
  return { type, is: (m: unknown): m is M => isRecord(m) && m.type === type && hasFields(m) };
}

// ---- webview -> host ---------------------------------------------------------------------------------------------

/** The app's document has loaded and listens for messages. */
export interface ReadyMessage {
  readonly type: 'ready';
}
export const ReadyMessage = messageType<ReadyMessage>('ready');

/** Load the vector set `sourceId` (one of the ids the host offered in `sources`). */
export interface LoadRequest {
  readonly type: 'load';
  readonly requestId: number;
  readonly sourceId: string;
}
export const LoadRequest = messageType<LoadRequest>('load', (m) => isRequestId(m.requestId) && typeof m.sourceId === 'string');

/** Show the host's open dialog for a vector file outside the offered list; answered by `browsed`. */
export interface BrowseRequest {
  readonly type: 'browse';
  readonly requestId: number;
}
export const BrowseRequest = messageType<BrowseRequest>('browse', (m) => isRequestId(m.requestId));

export type WebviewToHost = ReadyMessage | LoadRequest | BrowseRequest;

// ---- host -> webview ---------------------------------------------------------------------------------------------

export interface VectorSource {
  /** `glove`, `learner`, or `file:<workspace-relative path>`. */
  readonly id: string;
  readonly label: string;
  readonly description: string;
}

function isVectorSource(s: unknown): s is VectorSource {
  return isRecord(s) && typeof s.id === 'string' && typeof s.label === 'string' && typeof s.description === 'string';
}

/** The vector sets on offer, shipped GloVe first. */
export interface SourcesMessage {
  readonly type: 'sources';
  readonly sources: readonly VectorSource[];
}
export const SourcesMessage = messageType<SourcesMessage>('sources', (m) => Array.isArray(m.sources) && m.sources.every(isVectorSource));

/** A loaded vector set (the answer to `load`). */
export interface DatasetMessage {
  readonly type: 'dataset';
  readonly requestId: number;
  readonly sourceId: string;
  readonly name: string;
  readonly words: readonly string[];
  readonly dim: number;
  /** Row-major [words.length, dim]. */
  readonly vectors: Float32Array;
  /** What was skipped, dropped or sampled while reading, for the learner. */
  readonly notices: readonly string[];
}
export const DatasetMessage = messageType<DatasetMessage>(
  'dataset',
  (m) =>
    isRequestId(m.requestId) &&
    typeof m.sourceId === 'string' &&
    typeof m.name === 'string' &&
    Array.isArray(m.words) &&
    m.words.every((w) => typeof w === 'string') &&
    typeof m.dim === 'number' &&
    Number.isInteger(m.dim) &&
    m.dim > 0 &&
    m.vectors instanceof Float32Array &&
    m.vectors.length === m.words.length * m.dim &&
    Array.isArray(m.notices) &&
    m.notices.every((n) => typeof n === 'string'),
);

/** The vector set could not be loaded; `message` is for the learner. */
export interface LoadErrorMessage {
  readonly type: 'loadError';
  readonly requestId: number;
  readonly sourceId: string;
  readonly message: string;
}
export const LoadErrorMessage = messageType<LoadErrorMessage>(
  'loadError',
  (m) => isRequestId(m.requestId) && typeof m.sourceId === 'string' && typeof m.message === 'string',
);

/** The answer to `browse`: the picked file, now offered as a source; none when the dialog was dismissed. */
export interface BrowsedMessage {
  readonly type: 'browsed';
  readonly requestId: number;
  readonly source?: VectorSource;
}
export const BrowsedMessage = messageType<BrowsedMessage>('browsed', (m) => isRequestId(m.requestId) && (m.source === undefined || isVectorSource(m.source)));

/**
 * The learner's similarity.ts changed on disk: `script` is the webview URL of its new script (a fresh file name, so
 * nothing cached answers), `error` why it could not be prepared; neither when the file is gone.
 */
export interface LearnerModuleMessage {
  readonly type: 'learnerModule';
  readonly script?: string;
  readonly error?: string;
}
export const LearnerModuleMessage = messageType<LearnerModuleMessage>(
  'learnerModule',
  (m) => (m.script === undefined || typeof m.script === 'string') && (m.error === undefined || typeof m.error === 'string'),
);

export type HostToWebview = SourcesMessage | DatasetMessage | LoadErrorMessage | BrowsedMessage | LearnerModuleMessage;

// ---- persisted webview state -------------------------------------------------------------------------------------

export type ProjectionMethod = 'pca' | 'tsne' | 'umap';
export const PROJECTION_METHODS: readonly ProjectionMethod[] = ['pca', 'tsne', 'umap'];

/** The plot's camera: pan (x, y in fitted coordinates), zoom, and the 3-D rotation (yaw, pitch in radians). */
export interface CameraState {
  readonly x: number;
  readonly y: number;
  readonly zoom: number;
  readonly yaw: number;
  readonly pitch: number;
}

export function isCameraState(c: unknown): c is CameraState {
  return isRecord(c) && (['x', 'y', 'zoom', 'yaw', 'pitch'] as const).every((k) => typeof c[k] === 'number' && Number.isFinite(c[k])) && (c.zoom as number) > 0;
}

/** What the app keeps with setState; VS Code hands it to the panel serializer after a window reload. */
export interface EmbeddingsState {
  readonly sourceId?: string;
  readonly method: ProjectionMethod;
  readonly dims: 2 | 3;
  /** The searched word ('' when none). */
  readonly query: string;
  /** How many neighbours a search lists. */
  readonly k: number;
  /** The analogy a − b + c, as typed. */
  readonly analogy: { readonly a: string; readonly b: string; readonly c: string };
  /** Where the learner left the plot's camera (saved a moment after it stops moving). */
  readonly camera?: CameraState;
}

export const DEFAULT_STATE: EmbeddingsState = { method: 'pca', dims: 2, query: '', k: 10, analogy: { a: '', b: '', c: '' } };

export function isEmbeddingsState(s: unknown): s is EmbeddingsState {
  return (
    isRecord(s) &&
    (s.sourceId === undefined || typeof s.sourceId === 'string') &&
    PROJECTION_METHODS.includes(s.method as ProjectionMethod) &&
    (s.dims === 2 || s.dims === 3) &&
    typeof s.query === 'string' &&
    typeof s.k === 'number' &&
    Number.isInteger(s.k) &&
    s.k >= 1 &&
    s.k <= 100 &&
    isRecord(s.analogy) &&
    typeof s.analogy.a === 'string' &&
    typeof s.analogy.b === 'string' &&
    typeof s.analogy.c === 'string' &&
    (s.camera === undefined || isCameraState(s.camera))
  );
}

// ---- the test hook -----------------------------------------------------------------------------------------------

/**
 * What the app publishes, as JSON in `#lf-test-hook`, when its document carries `data-test-hook` (set by the host
 * only when the `llmFoundations.webviewTestHook` setting or the LLMF_WEBVIEW_TEST_HOOK environment variable is on):
 * the end-to-end layer reads a webview's results through it.
 */
export interface EmbeddingsTestResults {
  readonly backend: string;
  readonly dataset?: { readonly sourceId: string; readonly rows: number; readonly dim: number };
  readonly projection?: {
    readonly method: ProjectionMethod;
    readonly dims: 2 | 3;
    readonly rows: number;
    readonly explainedVariance?: readonly number[];
    /** The layout ([rows, dims] row-major), only for sets of at most 2 000 rows. */
    readonly coords?: readonly number[];
  };
  /** The learner's cosineSimilarity on the last search (word and top neighbour) beside the reference. */
  readonly learner?: { readonly value?: number; readonly reference?: number; readonly error?: string };
  /** Whether the last projection was cancelled (false while one runs). */
  readonly cancelled?: boolean;
  /**
   * Every projection run so far, in order, with how it ended: `done`, `cancelled` (Cancel) or `superseded` (a newer
   * request replaced it while it ran).
   */
  readonly projectionRuns: readonly { readonly method: ProjectionMethod; readonly dims: 2 | 3; readonly outcome: 'done' | 'cancelled' | 'superseded' }[];
  /** The plot's camera as last saved with setState. */
  readonly camera?: CameraState;
  /**
   * The running (or last) t-SNE/UMAP run's progress, published while it runs: kNN rows done, then layout iterations
   * (t-SNE) or epochs (UMAP) done of the total, with the number of points whose positions went to the plot.
   */
  readonly progress?: { readonly method: ProjectionMethod; readonly phase: 'knn' | 'layout'; readonly done: number; readonly total: number; readonly points: number };
  readonly neighbours?: { readonly query: string; readonly results: readonly { readonly word: string; readonly score: number }[] };
  readonly analogy?: { readonly a: string; readonly b: string; readonly c: string; readonly results: readonly { readonly word: string; readonly score: number }[] };
  readonly numTensors: number;
  /** Wall time of the last run of each action, in ms (for the benchmark; never asserted on). */
  readonly timingsMs: Readonly<Record<string, number>>;
  readonly error?: string;
}

function isRequestId(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
