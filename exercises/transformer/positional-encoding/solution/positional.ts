// Sinusoidal positional encoding (Vaswani et al., 2017): a fixed [t, d] table that is added to the token
// embeddings so attention can tell positions apart. Column pair (2i, 2i+1) is a sine and a cosine of the
// position at one frequency; the frequencies fall geometrically from 1 (column 0) to about 1/10000:
//
//   PE[p, 2i]   = sin(p / 10000^(2i/d))
//   PE[p, 2i+1] = cos(p / 10000^(2i/d))
//
// For an odd d the last column, d−1, is even, so it is a sine (with 2i = d−1) and has no cosine partner.
// Deliberately left out: learned position embeddings (the capstone's Mini-GPT uses those) and rotary ones.
import * as tf from '@tensorflow/tfjs';

/**
 * A float32 [t, d] table of sines and cosines (t ≤ 1024 keeps float32 angles within 1e-4).
 *
 *   sinusoidalEncoding(2, 4) -> [[0,          1,          0,            1           ],    p = 0
 *                                [sin(1),     cos(1),     sin(0.01),    cos(0.01)   ]]   p = 1
 *                              = [[0, 1, 0, 1], [0.841471, 0.540302, 0.00999983, 0.99995]]
 *   (d = 4: columns 0, 1 use 10000^(0/4) = 1; columns 2, 3 use 10000^(2/4) = 100)
 */
export function sinusoidalEncoding(t: number, d: number): tf.Tensor2D {
  return tf.tidy(() => {
    // Step 1: the angle of every (position, column): p / 10000^(2i/d), where 2i is the column rounded down to even.
    const positions = tf.range(0, t).reshape([t, 1]); // [t, 1]: p
    const columns = tf.range(0, d); // [d]: c = 2i or 2i + 1
    const twoI = columns.div(2).floor().mul(2); // [d]: 0, 0, 2, 2, 4, 4, ...
    const denominators = tf.pow(10000, twoI.div(d)).reshape([1, d]); // [1, d]
    const angles = positions.div(denominators); // [t, d]
    // Step 2: sine in the even columns, cosine in the odd ones.
    const even = columns.mod(2).equal(0).reshape([1, d]); // [1, d] bool, broadcasts over the rows
    return tf.where(even, tf.sin(angles), tf.cos(angles)) as tf.Tensor2D; // [t, d]
  });
}
