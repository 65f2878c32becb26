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
  const i = words.indexOf(word);
  if (i < 0) throw new Error(`analogy: "${word}" is not in the vocabulary of ${words.length} words`);
  return i;
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
  const [n] = vectors.shape;
  const rows = [wordIndex(words, a), wordIndex(words, b), wordIndex(words, c)];
  const excluded = new Set([a, b, c]);
  // The top k + 3 always contain the top k that survive the exclusion.
  const take = Math.min(n, k + 3);
  const ranked = tf.tidy((): number[] => {
    const [va, vb, vc] = tf.unstack(tf.gather(vectors, rows)); // 3 × [d]
    const target = tf.add(tf.sub(vb, va), vc); // [d]    v_b − v_a + v_c, from the vectors as given
    const dots = tf.matMul(vectors, tf.reshape(target, [-1, 1])).reshape([n]); // [n]
    const rowNorms = tf.sqrt(tf.sum(tf.square(vectors), 1)); // [n]    ‖row‖ for every row (tf.norm(vectors, 'euclidean', 1), but faster)
    const sims: tf.Tensor1D = tf.divNoNan(dots, tf.mul(rowNorms, tf.norm(target))); // [n]
    return tf.topk(sims, take).indices.arraySync(); // highest first, ties by lower index
  });
  return ranked
    .map((i) => words[i])
    .filter((w) => !excluded.has(w))
    .slice(0, Math.max(0, k));
}
