// The grading engine's public surface, for the extension's adapters and the CLI.
export { Grader, testBundlePath, workerPath } from './grader';
export type { GradableExercise, GraderOptions } from './grader';
export { isResults, isTestResult, scoreLine, statusOf } from './results';
export type { Location, Results, Status, TestResult } from './results';
export { toJUnit } from './junit';
