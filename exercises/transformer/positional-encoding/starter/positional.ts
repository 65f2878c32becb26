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
  // tf.tidy frees every tensor made inside it except the one returned.
  return tf.tidy(() => {
    // Step 1: positions p as a [t, 1] tensor, columns c as a [d] tensor, 2i = floor(c / 2) · 2, and the
    //         angles p / 10000^(2i/d) as a [t, d] tensor (broadcasting [t, 1] against [1, d]).
    // Step 2: tf.sin of the angles in the even columns, tf.cos in the odd ones (tf.where with a [1, d] mask).
    throw new Error(`TODO: step 1 — the [${t}, ${d}] angles p / 10000^(2i/${d}); step 2 — sin in even columns, cos in odd ones`);
  });
}
