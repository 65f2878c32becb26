// The authoring kit for hidden tests: everything an exercise's tests/ folder imports besides mocha and node.
// Small on purpose — the grader grows it; a test file should read like a worked example, not a framework.

export { learner, noteReferenceFallbacks, referenceFallbacks } from './learner';
export { assertClose, DEFAULT_TOLERANCE } from './assert-close';
export type { CloseOptions, Numeric } from './assert-close';
export { seededRandom } from './random';
export { misconception, MisconceptionError } from './misconception';
export { assertTensorClose, expectNoTensorLeak, isTensorLike, TENSOR_TOLERANCE } from './tensors';
export type { ExpectedTensor, TensorLike, TfLike } from './tensors';
export { courseData, courseText } from './data';
export { applyMerges, replacePair, trainMerges, utf8 } from './bpe';
export type { Pair } from './bpe';
