// The learner's exercise code inside a webview, without eval: the host transforms the TypeScript (the grader's
// sucrase transform, src/grading/transform.ts, to CommonJS) and wraps it here into a plain script that only
// *registers* a factory under its exercise id; the file goes to the extension's storage and loads with the
// document's nonce through asWebviewUri. The app calls the factory once TF.js is ready, handing it a `require`
// that knows only '@tensorflow/tfjs' (the app's own copy). Later visualizers show the learner's implementation
// beside the reference with this. Pure (no vscode), so the webview tests build the same script.

/** Where registered factories live on `window`. */
export const LEARNER_MODULES_GLOBAL = 'llmfLearnerModules';

/** The factory a learner script registers: CommonJS arguments, fills `module.exports`. */
export type LearnerModuleFactory = (require: (name: string) => unknown, module: { exports: Record<string, unknown> }, exports: Record<string, unknown>) => void;

/** Wraps CommonJS code of exercise `exerciseId` (e.g. `embeddings/similarity`) into a registering script. */
export function wrapLearnerModule(exerciseId: string, commonJsCode: string): string {
  // The code goes in verbatim (its trailing source map comment included); only the id is interpolated, as JSON.
  return [
    `(window.${LEARNER_MODULES_GLOBAL} = window.${LEARNER_MODULES_GLOBAL} || {})[${JSON.stringify(exerciseId)}] = function (require, module, exports) {`,
    commonJsCode,
    '};',
    '',
  ].join('\n');
}

/** The file name a learner script is written under in the extension's storage. */
export function learnerScriptName(exerciseId: string): string {
  return `${exerciseId.replace(/[^A-Za-z0-9-]/g, '_')}.js`;
}
