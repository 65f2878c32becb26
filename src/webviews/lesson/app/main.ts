// The lesson webview app (bundled for the browser into dist/webviews/lesson.js, its CSS into lesson.css).
// It says `ready`, shows what the host sends, keeps the scroll position across reloads with getState/setState
// (the panel does not retain its context when hidden), and reports once when the learner reaches the end.

import './lesson.css';
import { ErrorMessage, isLessonState, RenderMessage } from '../protocol';
import type { LessonState, WebviewToHost } from '../protocol';

interface WebviewApi {
  postMessage(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: LessonState): void;
}
declare function acquireVsCodeApi(): WebviewApi;

const vscode = acquireVsCodeApi();
const main = requireElement('lesson');
const endSentinel = requireElement('lesson-end');
const docId = document.body.dataset.docId ?? '';

// Saved before anything else: the panel serializer needs the document id to restore this panel after a reload.
const saved = vscode.getState();
let state: LessonState = isLessonState(saved) && saved.docId === docId ? saved : { docId, scrollY: 0, reachedEnd: false };
vscode.setState(state);

let showing: 'nothing' | 'lesson' | 'error' = 'nothing';

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const m = event.data;
  if (RenderMessage.is(m)) showLesson(m);
  else if (ErrorMessage.is(m)) showError(m);
});

function showLesson(m: RenderMessage): void {
  // First render restores the saved position; a re-render (file or theme change) keeps the current one.
  const scrollY = showing === 'nothing' ? state.scrollY : window.scrollY;
  const first = showing === 'nothing';
  main.innerHTML = m.html; // renderLesson output: markdown with raw HTML escaped
  main.removeAttribute('aria-busy');
  document.title = m.title;
  showing = 'lesson';
  window.scrollTo(0, scrollY);
  if (first) main.focus({ preventScroll: true }); // so arrow keys and Page Down scroll the lesson at once
  // Re-observing makes the observer report the sentinel's current visibility, e.g. for a lesson that fits the window.
  endObserver.unobserve(endSentinel);
  endObserver.observe(endSentinel);
}

function showError(m: ErrorMessage): void {
  const box = element('div', { class: 'lf-error', role: 'alert' }, [
    element('h1', {}, [m.title]),
    element('p', {}, [m.message]),
    ...(m.detail ? [element('pre', {}, [element('code', {}, [m.detail])])] : []),
  ]);
  main.replaceChildren(box);
  main.removeAttribute('aria-busy');
  document.title = m.title;
  showing = 'error';
}

const endObserver = new IntersectionObserver((entries) => {
  if (showing !== 'lesson' || state.reachedEnd) return;
  if (entries.some((e) => e.isIntersecting)) {
    save({ reachedEnd: true });
    vscode.postMessage({ type: 'reachedEnd' });
  }
});

let scrollSavePending = false;
window.addEventListener(
  'scroll',
  () => {
    if (showing !== 'lesson' || scrollSavePending) return;
    scrollSavePending = true;
    requestAnimationFrame(() => {
      scrollSavePending = false;
      save({ scrollY: window.scrollY });
    });
  },
  { passive: true },
);

function save(change: Partial<LessonState>): void {
  state = { ...state, ...change };
  vscode.setState(state);
}

function requireElement(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (!el) throw new Error(`lesson webview: #${id} is missing from the document shell`);
  return el;
}

function element(tag: string, attrs: Record<string, string>, children: (Node | string)[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.append(...children);
  return el;
}

vscode.postMessage({ type: 'ready' });
