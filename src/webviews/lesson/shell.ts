// The lesson panel's document, as data: which built files it loads (relative to dist/) and its body. Pure, so the
// webview tests in Chromium load exactly what the panel does.

/** Stylesheets, relative to dist/. */
export const LESSON_STYLES: readonly string[] = ['katex/katex.min.css', 'webviews/lesson.css'];
/** Scripts, relative to dist/. */
export const LESSON_SCRIPTS: readonly string[] = ['webviews/lesson.js'];

/** The body the app fills in; `docId` (a chapter or exercise id) is what the panel serializer restores. */
export function lessonBody(docId: string): { body: string; bodyAttributes: Record<string, string> } {
  return {
    body: '<main id="lesson" class="lesson" tabindex="-1" aria-busy="true"><p class="lf-status">Loading…</p></main>\n<div id="lesson-end" class="lesson-end"></div>',
    bodyAttributes: { 'data-doc-id': docId },
  };
}
