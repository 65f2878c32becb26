// The embedding visualizer's host side in a real extension host: a file the learner picks with "Browse…" (anywhere
// on disk, a projector TSV with its metadata TSV) is offered and loaded by the same VectorSources the panel uses.
// The open dialog itself cannot be answered from here; this is the path the picked URI goes down.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { VectorSources } from '../../src/webviews/embeddings/sources';

const EXTENSION_ID = 'llm-foundations.llm-foundations';

function extensionUri(): vscode.Uri {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, 'extension not installed');
  return ext.extensionUri;
}

describe('Embedding visualizer: a picked vector file', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llmf-picked-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is offered beside the listed sets and loads with the labels of its metadata TSV', async () => {
    const vectors = path.join(dir, 'points.tsv');
    const labels = path.join(dir, 'names.tsv');
    fs.writeFileSync(vectors, '1\t0\t0\n0\t1\t0\n0\t0\t1\n');
    fs.writeFileSync(labels, 'alpha\nbeta\ngamma\n');
    const sources = new VectorSources(extensionUri(), () => undefined);
    assert.strictEqual(await sources.metadataBeside(vscode.Uri.file(vectors)), undefined, 'names.tsv is not one of the projector names');
    const source = sources.add(vscode.Uri.file(vectors), vscode.Uri.file(labels));
    assert.strictEqual(source.label, 'points.tsv');
    assert.match(source.description, /points\.tsv \(labels: names\.tsv\)$/);

    const set = await sources.load(source.id);
    assert.deepStrictEqual(set.words, ['alpha', 'beta', 'gamma']);
    assert.strictEqual(set.dim, 3);
    assert.deepStrictEqual(Array.from(set.vectors), [1, 0, 0, 0, 1, 0, 0, 0, 1]);
    // A reloaded webview lists the sets again: the picked file stays on offer, after the shipped GloVe.
    const listed = (await sources.list()).map((s) => s.id);
    assert.strictEqual(listed[0], 'glove');
    assert.ok(listed.includes(source.id), `listed: ${listed.join(', ')}`);
    assert.strictEqual((await sources.load(source.id)).words.length, 3);
  });

  it('finds the metadata TSV beside it under a projector name', async () => {
    const vectors = path.join(dir, 'points.tsv');
    fs.writeFileSync(vectors, '1\t2\n3\t4\n');
    fs.writeFileSync(path.join(dir, 'points_metadata.tsv'), 'word\tcount\none\t1\ntwo\t2\n');
    const sources = new VectorSources(extensionUri(), () => undefined);
    const metadata = await sources.metadataBeside(vscode.Uri.file(vectors));
    assert.strictEqual(metadata && path.basename(metadata.fsPath), 'points_metadata.tsv');
    const set = await sources.load(sources.add(vscode.Uri.file(vectors), metadata).id);
    assert.deepStrictEqual(set.words, ['one', 'two']);
  });

  it('answers an empty or vanished file with a message for the learner', async () => {
    const empty = path.join(dir, 'empty.vec');
    fs.writeFileSync(empty, '');
    const sources = new VectorSources(extensionUri(), () => undefined);
    await assert.rejects(sources.load(sources.add(vscode.Uri.file(empty)).id), /empty/i);
    const gone = sources.add(vscode.Uri.file(path.join(dir, 'gone.vec')));
    await assert.rejects(sources.load(gone.id), /could not be found/);
    await assert.rejects(sources.load('file:/never/offered.vec'), /no longer available/);
  });
});
