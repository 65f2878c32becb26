// Every command and view id the extension contributes, in one typed place. A unit test checks that this set and
// package.json's contributions are the same; the compiler checks that every command has a handler.

export enum CommandId {
  OpenLesson = 'llmFoundations.openLesson',
  OpenExercise = 'llmFoundations.openExercise',
  ResetExercise = 'llmFoundations.resetExercise',
  RestoreSnapshot = 'llmFoundations.restoreSnapshot',
  ShowHint = 'llmFoundations.showHint',
  ExportProgress = 'llmFoundations.exportProgress',
  RevealActiveExercise = 'llmFoundations.revealActiveExercise',
  GetStarted = 'llmFoundations.getStarted',
  RunTests = 'llmFoundations.runTests',
  ShowSolution = 'llmFoundations.showSolution',
  /** `visualizerCommand('embeddings')`: lesson links `[…](visualizer:embeddings)` run it. */
  OpenEmbeddingVisualizer = 'llmFoundations.openVisualizer.embeddings',
}

export enum ViewId {
  Container = 'llmFoundations',
  Chapters = 'llmFoundations.chapters',
}

export const WALKTHROUGH_ID = 'llm-foundations.llm-foundations#llmFoundations.welcome';

/** Settings under the `llmFoundations.` prefix. */
export const Setting = {
  ExercisesFolder: 'exercisesFolder',
  RunTestsOnSave: 'runTestsOnSave',
} as const;
