// Matrices as plain arrays of rows, and the two operations every neural network is made of: the matrix product
// and the transpose. No library, no typed arrays, no tricks — a layer `y = Wx + b` is just `matmul` in a loop.
// Deliberately left out: broadcasting, batching and any attempt at speed (the naive triple loop is the point).
//
// Work through the steps in order: `transpose` and `matmul` use `shape` from step 1. Run the tests after each.

/** A matrix is an array of rows, all of the same length: [[1, 2, 3], [4, 5, 6]] has shape [2, 3]. */
export type Matrix = number[][];

/**
 * Step 1. The shape [rows, columns] of a matrix, checking that it really is one.
 *
 *   shape([[1, 2, 3], [4, 5, 6]]) -> [2, 3]
 *   shape([[7]])                  -> [1, 1]
 *   shape([[1, 2], [3]])          -> throws: row 1 has 1 column, row 0 has 2 ("ragged rows")
 */
export function shape(a: Matrix): [number, number] {
  throw new Error(`TODO: step 1 — return [rows, columns] of this ${a.length}-row matrix, and throw an Error if any row's length differs from row 0's`);
}

/**
 * Step 2. The transpose: rows become columns, (aᵀ)[j][i] = a[i][j]. Returns a new matrix; `a` is unchanged.
 *
 *   transpose([[1, 2, 3],      -> [[1, 4],
 *              [4, 5, 6]])         [2, 5],
 *                                  [3, 6]]      shape [2, 3] -> [3, 2]
 */
export function transpose(a: Matrix): Matrix {
  const [rows, cols] = shape(a);
  throw new Error(`TODO: step 2 — build a new [${cols}, ${rows}] matrix whose row j is column j of a`);
}

/**
 * Step 3. The matrix product: a [m, n] times b [n, p] is c [m, p] with c[i][j] = Σ_k a[i][k] · b[k][j],
 * the dot product of row i of a with column j of b. The inner sizes must agree.
 *
 *   matmul([[1, 2],     [[5, 6],      [[1·5 + 2·7, 1·6 + 2·8],     [[19, 22],
 *           [3, 4]],     [7, 8]])  ->  [3·5 + 4·7, 3·6 + 4·8]]  ->  [43, 50]]
 *
 *   matmul([[1, 2, 3]], [[1], [0], [-1]]) -> [[-2]]      [1, 3] x [3, 1] -> [1, 1]
 *   matmul([[1, 2]], [[1, 2]])            -> throws: [1, 2] x [1, 2], inner sizes 2 and 1 differ
 */
export function matmul(a: Matrix, b: Matrix): Matrix {
  const [m, n] = shape(a);
  const [n2, p] = shape(b);
  throw new Error(`TODO: step 3 — throw if ${n} !== ${n2}, else return the [${m}, ${p}] product with c[i][j] = Σ_k a[i][k] · b[k][j]`);
}
