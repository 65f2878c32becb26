import * as assert from 'assert';
import { metadataLabels, parseVectors, sampleIndices, VectorFileError } from '../../../src/webviews/embeddings/vectors';
import { isEmbeddingsState, BrowsedMessage, DatasetMessage, DEFAULT_STATE, LearnerModuleMessage } from '../../../src/webviews/embeddings/protocol';
import { jacobiEigen, topEigen } from '../../../src/webviews/embeddings/app/compute';

describe('embedding visualizer: reading vector files', () => {
  it('reads word2vec text with its "N D" header', () => {
    const set = parseVectors('2 3\nking 1 2 3\nqueen 4 5 6\n', { fileName: 'vectors.vec' });
    assert.deepStrictEqual(set.words, ['king', 'queen']);
    assert.strictEqual(set.dim, 3);
    assert.deepStrictEqual(Array.from(set.vectors), [1, 2, 3, 4, 5, 6]);
    assert.deepStrictEqual(set.notices, []);
  });

  it('reads GloVe text (no header), numeric words included', () => {
    const set = parseVectors('the 0.1 -0.2\n1990 1e-3 .5\r\n', { fileName: 'glove.txt' });
    assert.deepStrictEqual(set.words, ['the', '1990']);
    assert.deepStrictEqual(Array.from(set.vectors), [0.1, -0.2, 0.001, 0.5].map(Math.fround));
  });

  it('skips malformed lines and reports their line numbers', () => {
    const set = parseVectors('a 1 2\nb 1 x\nc\nd 3 4\n', { fileName: 'v.txt' });
    assert.deepStrictEqual(set.words, ['a', 'd']);
    assert.strictEqual(set.notices.length, 1);
    assert.match(set.notices[0]!, /2 malformed lines.*lines 2, 3\./);
  });

  it('reports rows of another dimension with their line numbers', () => {
    const set = parseVectors('3 2\na 1 2\nb 1 2 3\nc 5 6\n', { fileName: 'v.vec' });
    assert.deepStrictEqual(set.words, ['a', 'c']);
    assert.match(set.notices.join('\n'), /1 line whose dimension is not 2: line 3\./);
  });

  it('drops NaN and infinite rows with a count', () => {
    const set = parseVectors('a 1 2\nb nan 2\nc 1 inf\nd -Infinity 0\ne 0 1\n', { fileName: 'v.txt' });
    assert.deepStrictEqual(set.words, ['a', 'e']);
    assert.deepStrictEqual(set.notices, ['Dropped 3 rows holding NaN or infinite values.']);
  });

  it('says clearly when a file is empty or has no usable row', () => {
    assert.throws(() => parseVectors('\n  \n', { fileName: 'v.vec' }), (e: unknown) => e instanceof VectorFileError && /empty/.test(e.message));
    assert.throws(() => parseVectors('a x y\n', { fileName: 'v.vec' }), (e: unknown) => e instanceof VectorFileError && /No usable vectors.*line 1/.test(e.message));
  });

  it('samples more than maxRows rows, seeded and in file order, with a notice', () => {
    const text = Array.from({ length: 50 }, (_, i) => `w${i} ${i} ${-i}`).join('\n');
    const a = parseVectors(text, { fileName: 'v.txt', maxRows: 10 });
    const b = parseVectors(text, { fileName: 'v.txt', maxRows: 10 });
    assert.strictEqual(a.words.length, 10);
    assert.deepStrictEqual(a.words, b.words, 'the same seed samples the same rows');
    const rows = a.words.map((w) => Number(w.slice(1)));
    assert.deepStrictEqual(rows, [...rows].sort((x, y) => x - y), 'sampled rows keep file order');
    rows.forEach((r, i) => assert.deepStrictEqual(Array.from(a.vectors.subarray(i * 2, i * 2 + 2)), [r, -r], `row of ${a.words[i]}`));
    assert.match(a.notices.join('\n'), /50 rows; showing a random sample of 10/);
    assert.deepStrictEqual(sampleIndices(5, 5, 3), [0, 1, 2, 3, 4]);
  });

  it('reads a projector TSV with labels from its metadata TSV (one column: no header; several: header row)', () => {
    const tsv = '0.1\t0.2\n0.3\t0.4\n';
    assert.deepStrictEqual(parseVectors(tsv, { fileName: 'vectors.tsv', metadata: 'cat\ndog\n' }).words, ['cat', 'dog']);
    assert.deepStrictEqual(parseVectors(tsv, { fileName: 'vectors.tsv', metadata: 'word\tpos\ncat\tNOUN\ndog\tNOUN\n' }).words, ['cat', 'dog']);
    assert.deepStrictEqual(parseVectors(tsv, { fileName: 'vectors.tsv' }).words, ['#0', '#1']);
    assert.deepStrictEqual(metadataLabels('a\tb\nx\ty\n'), ['x']);
    const short = parseVectors(tsv, { fileName: 'vectors.tsv', metadata: 'cat\n' });
    assert.deepStrictEqual(short.words, ['cat', '#1']);
    assert.match(short.notices.join('\n'), /1 labels for 2 rows/);
  });
});

describe('embedding visualizer: protocol guards', () => {
  it('accepts a dataset only with a Float32Array of words × dim values', () => {
    const ok = { type: 'dataset', requestId: 1, sourceId: 'glove', name: 'g', words: ['a', 'b'], dim: 2, vectors: new Float32Array(4), notices: [] };
    assert.ok(DatasetMessage.is(ok));
    assert.ok(!DatasetMessage.is({ ...ok, vectors: [1, 2, 3, 4] }), 'a plain array');
    assert.ok(!DatasetMessage.is({ ...ok, vectors: new Float32Array(3) }), 'the wrong length');
  });

  it('restores only a well-formed state', () => {
    assert.ok(isEmbeddingsState(DEFAULT_STATE));
    assert.ok(!isEmbeddingsState({ ...DEFAULT_STATE, dims: 4 }));
    assert.ok(!isEmbeddingsState({ ...DEFAULT_STATE, method: 'lda' }));
    const camera = { x: 0.1, y: -0.2, zoom: 1.44, yaw: 0.6, pitch: 0.35 };
    assert.ok(isEmbeddingsState({ ...DEFAULT_STATE, camera }), 'a saved camera');
    assert.ok(!isEmbeddingsState({ ...DEFAULT_STATE, camera: { ...camera, zoom: 0 } }), 'a zoom of 0');
    assert.ok(!isEmbeddingsState({ ...DEFAULT_STATE, camera: { ...camera, x: Number.NaN } }), 'a NaN pan');
    assert.ok(!isEmbeddingsState({ ...DEFAULT_STATE, camera: { x: 0, y: 0, zoom: 1 } }), 'a camera without its rotation');
  });

  it('accepts the answer to Browse… and a new learner script only when well-formed', () => {
    const source = { id: 'file:/tmp/v.vec', label: 'v.vec', description: '/tmp/v.vec' };
    assert.ok(BrowsedMessage.is({ type: 'browsed', requestId: 3, source }));
    assert.ok(BrowsedMessage.is({ type: 'browsed', requestId: 3 }), 'the dialog was dismissed');
    assert.ok(!BrowsedMessage.is({ type: 'browsed', requestId: 3, source: { id: 'x' } }), 'a source without label');
    assert.ok(!BrowsedMessage.is({ type: 'browsed', source }), 'no request id');
    assert.ok(LearnerModuleMessage.is({ type: 'learnerModule', script: 'https://x/similarity.js' }));
    assert.ok(LearnerModuleMessage.is({ type: 'learnerModule' }), 'the file is gone');
    assert.ok(!LearnerModuleMessage.is({ type: 'learnerModule', script: 42 }));
  });
});

describe('embedding visualizer: the eigen solvers behind PCA', () => {
  it('Jacobi diagonalises a symmetric matrix (A v = λ v)', () => {
    const a = Float64Array.from([4, 1, 2, 1, 3, 0, 2, 0, 5]);
    const { values, vectors } = jacobiEigen(a, 3);
    for (let i = 0; i < 3; i++) {
      for (let r = 0; r < 3; r++) {
        let av = 0;
        for (let c = 0; c < 3; c++) av += a[r * 3 + c]! * vectors[c * 3 + i]!;
        assert.ok(Math.abs(av - values[i]! * vectors[r * 3 + i]!) < 1e-9, `eigenpair ${i}, row ${r}`);
      }
    }
  });

  it('subspace iteration finds the top eigenvalues of a known spectrum', () => {
    const n = 20;
    const diag = Array.from({ length: n }, (_, i) => n - i); // 20, 19, …, 1
    const a = new Float64Array(n * n);
    diag.forEach((d, i) => (a[i * n + i] = d));
    const { values, vectors } = topEigen(a, n, 3);
    assert.deepStrictEqual(values.map((v) => Math.round(v * 1e6) / 1e6), [20, 19, 18]);
    assert.ok(Math.abs(Math.abs(vectors[0]![0]!) - 1) < 1e-6, `first eigenvector ${Array.from(vectors[0]!.slice(0, 3))}`);
  });
});
