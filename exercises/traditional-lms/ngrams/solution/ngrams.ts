// Slides a window of n tokens along a sentence: the raw material every n-gram language model counts.
// With padding, the sentence gets n − 1 start markers '<s>' in front and one end marker '</s>' behind, so the
// model also sees how sentences begin ("<s> <s> it") and end ("wife </s>").
// Deliberately left out: tokenization (the tokens arrive already split) and counting (the next exercise).

/** The marker put n − 1 times in front of a padded sentence; it is only ever context, never predicted. */
export const START = '<s>';
/** The marker put once behind a padded sentence; a model predicts it like a word, to learn where sentences end. */
export const END = '</s>';

/**
 * Step 1 (pad = false). Every run of n consecutive tokens, left to right.
 *
 *   ngrams(['the', 'cat', 'sat'], 2) -> [['the', 'cat'], ['cat', 'sat']]
 *   ngrams(['the', 'cat', 'sat'], 1) -> [['the'], ['cat'], ['sat']]
 *   ngrams(['the', 'cat'], 3)        -> []          (shorter than n: no window fits)
 *
 * Step 2 (pad = true). The same windows over [n − 1 × '<s>', ...tokens, '</s>'].
 *
 *   ngrams(['the', 'cat', 'sat'], 3, true) -> [['<s>', '<s>', 'the'], ['<s>', 'the', 'cat'],
 *                                              ['the', 'cat', 'sat'], ['cat', 'sat', '</s>']]
 *   ngrams(['the', 'cat'], 1, true)        -> [['the'], ['cat'], ['</s>']]      (n = 1: no '<s>' at all)
 *   ngrams([], 2, true)                    -> [['<s>', '</s>']]
 */
export function ngrams(tokens: string[], n: number, pad = false): string[][] {
  if (!Number.isInteger(n) || n < 1) throw new Error(`ngrams: n must be a positive integer, got ${n}`);
  const seq = pad ? padded(tokens, n) : tokens;
  const out: string[][] = [];
  // The last window starts at seq.length − n: `<=`, not `<`, or the final n-gram is lost.
  for (let i = 0; i + n <= seq.length; i++) out.push(seq.slice(i, i + n));
  return out;
}

/** [n − 1 × '<s>', ...tokens, '</s>'] as a new array: `padded(['a'], 3)` -> ['<s>', '<s>', 'a', '</s>']. */
function padded(tokens: string[], n: number): string[] {
  return [...Array<string>(n - 1).fill(START), ...tokens, END];
}
