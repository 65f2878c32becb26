// What one self-attention layer costs, counted with pencil and paper — the numbers the attention visualizer
// then plots against timings it measures. One sequence (batch 1) of t tokens, model width d, `heads` heads of
// size d / heads, float32, the forward pass only.
//
// The counting rule (the lesson derives it):
//   FLOPs: only the matrix products count, 2 FLOPs per multiply-add (one multiply, one add).
//     Q, K, V and output projections   4 · (2 · t · d · d)   a [t, d]·[d, d] product is t·d·d multiply-adds
//     scores Q·Kᵀ, all heads           2 · t · t · d         per head t·t·(d/heads), times heads
//     weights·V, all heads             2 · t · t · d
//     -> flops = 8·t·d² + 4·t²·d      (softmax, scaling, masking and biases are not counted)
//   bytes: the float32 activations the layer keeps (4 bytes each), not the input, weights or temporaries:
//     Q, K, V and the merged head outputs O      4 · t · d values
//     the scores and the weights of every head   2 · heads · t · t values
//     -> bytes = 4 · (4·t·d + 2·heads·t²)
//
// Deliberately left out: the backward pass (about twice the forward FLOPs), the MLP, and tricks such as
// FlashAttention that never store the [t, t] matrices. Only attentionCost is graded; the three helpers are
// there to keep each term on its own line.

/** Step 1. FLOPs of the four [t, d]·[d, d] projections (Q, K, V and the output): 4 · 2·t·d². */
function projectionFlops(t: number, d: number): number {
  return 4 * 2 * t * d * d;
}

/** Step 2. FLOPs of the two [t, t]-sized products, summed over all heads: Q·Kᵀ and weights·V, 2·t²·d each. */
function attentionFlops(t: number, d: number): number {
  return 2 * (2 * t * t * d);
}

/** Step 3. Bytes of the float32 activations kept: Q, K, V, O (t·d each) and each head's scores and weights (t² each). */
function activationBytes(t: number, d: number, heads: number): number {
  return 4 * (4 * t * d + 2 * heads * t * t);
}

/**
 * Step 4. The cost of one self-attention layer (the contract).
 *
 *   attentionCost(4, 8, 2) -> { flops: 8·4·64 + 4·16·8 = 2048 + 512 = 2560,
 *                               bytes: 4 · (4·4·8 + 2·2·16) = 4 · (128 + 64) = 768 }
 *   attentionCost(1024, 768, 12) -> { flops: 8,053,063,680 (≈ 8.1 GFLOP), bytes: 113,246,208 (≈ 113 MB) }
 */
export function attentionCost(t: number, d: number, heads: number): { flops: number; bytes: number } {
  return { flops: projectionFlops(t, d) + attentionFlops(t, d), bytes: activationBytes(t, d, heads) };
}
