// Matrices as plain arrays of rows, and the two operations every neural network is made of: the matrix product
// and the transpose. No library, no typed arrays, no tricks — a layer `y = Wx + b` is just `matmul` in a loop.
// Deliberately left out: broadcasting, batching and any attempt at speed (the naive triple loop is the point).

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
  const rows = a.length;
  const cols = rows > 0 ? a[0].length : 0;
  a.forEach((row, i) => {
    if (row.length !== cols) throw new Error(`ragged rows: row ${i} has ${row.length} columns, row 0 has ${cols}`);
  });
  return [rows, cols];
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
  const out: Matrix = [];
  for (let j = 0; j < cols; j++) {
    const row: number[] = [];
    for (let i = 0; i < rows; i++) row.push(a[i][j]);
    out.push(row);
  }
  return out;
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
  if (n !== n2) throw new Error(`shape mismatch: [${m}, ${n}] x [${n2}, ${p}] — the inner sizes ${n} and ${n2} differ`);
  const c: Matrix = [];
  for (let i = 0; i < m; i++) {
    const row = new Array<number>(p).fill(0);
    for (let k = 0; k < n; k++) {
      const aik = a[i][k];
      for (let j = 0; j < p; j++) row[j] += aik * b[k][j];
    }
    c.push(row);
  }
  return c;
}
