// Messages between the lesson panel (host) and its webview app, and the state the app persists with setState.
// Shared by both sides, so it imports neither vscode nor the DOM. Every message that crosses is checked with an
// is() guard on arrival: the other side is a different process and a different version after an update.
//
// Handshake: the app posts `ready` each time its document loads (first open, and again after the panel was hidden,
// since retainContextWhenHidden is off); the host answers with the current `render` or `error`.

export const LESSON_VIEW_TYPE = 'llmFoundations.lesson';

interface MessageType<T extends string, M extends { readonly type: T }> {
  readonly type: T;
  is(m: unknown): m is M;
}

function messageType<M extends { readonly type: string }>(
  type: M['type'],
  hasFields: (m: Record<string, unknown>) => boolean = () => true,
): MessageType<M['type'], M> {
  return { type, is: (m: unknown): m is M => isRecord(m) && m.type === type && hasFields(m) };
}

// ---- webview -> host ---------------------------------------------------------------------------------------------

/** The app's document has loaded and listens for messages. */
export interface ReadyMessage {
  readonly type: 'ready';
}
export const ReadyMessage = messageType<ReadyMessage>('ready');

/** The learner scrolled to the end of the lesson (the end sentinel became visible). Sent once per lesson. */
export interface ReachedEndMessage {
  readonly type: 'reachedEnd';
}
export const ReachedEndMessage = messageType<ReachedEndMessage>('reachedEnd');

export type WebviewToHost = ReadyMessage | ReachedEndMessage;

// ---- host -> webview ---------------------------------------------------------------------------------------------

/** Show this lesson. `html` comes from renderLesson (markdown with raw HTML escaped), so the app may insert it. */
export interface RenderMessage {
  readonly type: 'render';
  readonly title: string;
  readonly html: string;
}
export const RenderMessage = messageType<RenderMessage>(
  'render',
  (m) => typeof m.title === 'string' && typeof m.html === 'string',
);

/** The lesson could not be shown; the app renders these strings as text. */
export interface ErrorMessage {
  readonly type: 'error';
  readonly title: string;
  readonly message: string;
  readonly detail?: string;
}
export const ErrorMessage = messageType<ErrorMessage>(
  'error',
  (m) => typeof m.title === 'string' && typeof m.message === 'string' && (m.detail === undefined || typeof m.detail === 'string'),
);

export type HostToWebview = RenderMessage | ErrorMessage;

// ---- persisted webview state -------------------------------------------------------------------------------------

/** What the app keeps with setState; VS Code hands it to the panel serializer after a window reload. */
export interface LessonState {
  /** What the panel shows: a chapter id (its lesson) or an exercise id `<chapter>/<slug>` (its task statement). */
  readonly docId: string;
  readonly scrollY: number;
  /** Whether `reachedEnd` was already sent for this lesson. */
  readonly reachedEnd: boolean;
}

export function isLessonState(s: unknown): s is LessonState {
  return (
    isRecord(s) &&
    typeof s.docId === 'string' &&
    typeof s.scrollY === 'number' &&
    Number.isFinite(s.scrollY) &&
    typeof s.reachedEnd === 'boolean'
  );
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
