// Word analogies by vector arithmetic: "man is to king as woman is to ?" becomes the vector
// v_king − v_man + v_woman and a nearest-neighbour search by cosine, leaving out the three words of the question.
// With the course's GloVe vectors the answer is "queen" (cosine 0.78). Deliberately left out: the 3CosMul
// variant (Levy & Goldberg, 2014) and any normalization of the vectors before the arithmetic — the arithmetic
// uses the vectors exactly as given.
//
// The result is plain strings, so no tensor may outlive the call: do the tensor work inside tf.tidy(), and leave
// the caller's `vectors` alone.

import * as tf from '@tensorflow/tfjs';

/**
 * Step 1. The row of `word` in the vocabulary; throws an Error naming the word when it is missing.
 *
 *   wordIndex(['the', 'king', 'queen'], 'king')  -> 1
 *   wordIndex(['the', 'king', 'queen'], 'kinq')  -> throws: "kinq" is not in the vocabulary
 */
export function wordIndex(words: string[], word: string): number {
  throw new Error(`TODO: step 1 — return the index of "${word}" among the ${words.length} words, or throw an Error if it is missing`);
}

/**
 * Steps 2–4. "a is to b as c is to ?": the k words whose vectors are nearest by cosine to v_b − v_a + v_c,
 * highest first, never a, b or c themselves. `vectors` is [n, d], row i is the vector of words[i]. Ties keep the
 * lower row first; k larger than the n − 3 candidates returns them all.
 *
 *   analogy(words, vectors, 'man', 'king', 'woman', 3)      -> ['queen', 'monarch', 'throne']   (GloVe 100-d)
 *   analogy(words, vectors, 'france', 'paris', 'italy', 1)  -> ['rome']
 *
 * Without the exclusion, 'king' itself would come first (cosine 0.86 against 0.78 for 'queen'): the target
 * vector is mostly v_king.
 */
export function analogy(words: string[], vectors: tf.Tensor2D, a: string, b: string, c: string, k: number): string[] {
  const [n, d] = vectors.shape;
  const rows = [wordIndex(words, a), wordIndex(words, b), wordIndex(words, c)];
  return tf.tidy(() => {
    // Step 2. tf.gather(vectors, rows) is [3, d]; tf.unstack splits it into v_a, v_b, v_c. target = v_b − v_a + v_c.
    // Step 3. Cosine of every row with the target: [n, d] · [d, 1] dot products over (‖row‖ · ‖target‖), [n].
    // Step 4. Rank highest first (tf.topk), skip a, b and c, keep k words.
    throw new Error(`TODO: steps 2–4 — rank all ${n} rows (${d}-d) by cosine to v_b − v_a + v_c, rows ${rows.join(', ')}; return the top ${k} words other than "${a}", "${b}", "${c}"`);
  });
}
