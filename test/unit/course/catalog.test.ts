import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CatalogError, CourseIndex, UnknownExerciseError, parseCatalog } from '../../../src/course/catalog';
import { loadCourse } from '../../../src/course/load';

const repo = path.resolve(__dirname, '../../..');
const contentDir = path.join(repo, 'exercises');

/** The exercise ids of ../shared/COURSE.md (kept here so a fresh clone can check them without shared/). */
const COURSE_MD_IDS = [
  'neural-networks/matrix-ops', 'neural-networks/activations', 'neural-networks/softmax-cross-entropy',
  'neural-networks/autograd', 'neural-networks/mlp', 'neural-networks/mini-llm',
  'traditional-lms/ngrams', 'traditional-lms/smoothing', 'traditional-lms/kneser-ney', 'traditional-lms/perplexity',
  'traditional-lms/generate',
  'tokenization/basics', 'tokenization/bpe-train', 'tokenization/bpe-encode-decode', 'tokenization/regex-tokenizer',
  'tokenization/your-language',
  'embeddings/similarity', 'embeddings/analogies', 'embeddings/ppmi', 'embeddings/pca', 'embeddings/word2vec',
  'transformer/attention', 'transformer/causal-mask', 'transformer/multi-head', 'transformer/positional-encoding',
  'transformer/layer-norm', 'transformer/block', 'transformer/attention-cost',
  'capstone/mini-gpt', 'capstone/train',
];

/** Learner files fixed by COURSE.md for the exercises marked (contract) and the named files of the others. */
function courseMdTable(): Map<string, string> | undefined {
  const file = path.resolve(repo, '../shared/COURSE.md');
  if (!fs.existsSync(file)) return undefined;
  const rows = new Map<string, string>();
  for (const m of fs.readFileSync(file, 'utf8').matchAll(/^\| `([a-z0-9-]+\/[a-z0-9-]+)` \| ([^|]+) \|/gm)) {
    rows.set(m[1]!, m[2]!.trim());
  }
  return rows;
}

describe('course catalog (exercises/course.json)', () => {
  const course = loadCourse(contentDir, { mode: 'authoring' });
  const ids = course.exercises.map((e) => e.id);

  it('lists the five chapters and the capstone, in order', () => {
    assert.deepStrictEqual(
      course.course.chapters.map((c) => `${c.number}:${c.id}`),
      ['1:neural-networks', '2:traditional-lms', '3:tokenization', '4:embeddings', '5:transformer', '6:capstone'],
    );
  });

  it('holds every exercise id of COURSE.md, each once', () => {
    assert.deepStrictEqual([...ids].sort(), [...COURSE_MD_IDS].sort());
    assert.strictEqual(new Set(ids).size, ids.length, 'duplicate ids');
  });

  it('agrees with ../shared/COURSE.md on ids and learner files, when that file is present', function () {
    const table = courseMdTable();
    if (!table) this.skip();
    assert.deepStrictEqual([...table!.keys()].sort(), [...ids].sort());
    for (const e of course.exercises) {
      const cell: string = table!.get(e.id)!;
      const named: string[] = [...cell.matchAll(/`([^`]+\.ts)`/g)].map((m) => m[1]!);
      assert.deepStrictEqual(e.files, named, `${e.id}: learner files ${JSON.stringify(e.files)} vs COURSE.md ${JSON.stringify(named)}`);
    }
  });

  it('has every referenced lesson and content file on disk', () => {
    // loadCourse already threw if a file were missing; check the lessons explicitly for a clear message.
    for (const c of course.course.chapters) {
      assert.ok(fs.existsSync(path.join(contentDir, c.id, c.lesson)), `lesson of ${c.id} is missing`);
    }
  });
});

describe('parseCatalog validation', () => {
  const exercise = (over: Record<string, unknown> = {}) => ({
    id: 'neural-networks/matrix-ops', title: 'Matrix operations', difficulty: 'intro', minutes: 20,
    files: ['matrix.ts'], hints: ['a', 'b'], ...over,
  });
  const manifest = (exercises: unknown[], chapterOver: Record<string, unknown> = {}) => ({
    schemaVersion: 1,
    chapters: [{ id: 'neural-networks', number: 1, title: 'NN', summary: 's', lesson: 'lesson.md', exercises, ...chapterOver }],
  });
  const all = () => true;

  it('parses a valid exercise and applies the default timeout', () => {
    const c = parseCatalog(manifest([exercise()]), all);
    assert.strictEqual(c.chapters[0]!.exercises[0]!.timeoutMs, 10_000);
    assert.strictEqual(c.chapters[0]!.exercises[0]!.slug, 'matrix-ops');
  });

  it('reports every problem at once, each naming the exercise', () => {
    const bad = manifest([
      exercise({ difficulty: 'easy', hints: ['only one'] }),
      exercise(),
      exercise({ id: 'tokenization/bpe' }),
      exercise({ id: 'neural-networks/Bad_Slug' }),
    ]);
    assert.throws(() => parseCatalog(bad, all), (e: unknown) => {
      assert.ok(e instanceof CatalogError);
      const text = e.problems.join('\n');
      assert.match(text, /matrix-ops: difficulty must be one of/);
      assert.match(text, /at least 2 hints/);
      assert.match(text, /"neural-networks\/matrix-ops" appears twice/);
      assert.match(text, /"tokenization\/bpe" must look like "neural-networks\/<lower-case-slug>"/);
      assert.match(text, /Bad_Slug/);
      return true;
    });
  });

  it('requires task, tests, starter and solution of an available exercise, but not of a coming-soon one', () => {
    const missing = (p: string) => !p.includes('starter');
    assert.throws(() => parseCatalog(manifest([exercise()]), missing), /starter\/matrix\.ts is missing/);
    assert.doesNotThrow(() => parseCatalog(manifest([exercise({ comingSoon: true, hints: [] })]), missing));
  });

  it('checks only what ships in the VSIX at run time: no solution or hidden tests needed', () => {
    const shipped = (p: string) => !p.includes('solution') && !p.endsWith('/tests');
    assert.throws(() => parseCatalog(manifest([exercise()]), shipped), /solution\/matrix\.ts is missing/);
    assert.doesNotThrow(() => parseCatalog(manifest([exercise()]), shipped, { mode: 'installed' }));
    assert.throws(() => parseCatalog(manifest([exercise()]), (p) => shipped(p) && !p.endsWith('task.md'), { mode: 'installed' }), /task\.md is missing/);
  });

  it('rejects learner files that escape the exercise folder', () => {
    assert.throws(() => parseCatalog(manifest([exercise({ files: ['../evil.ts'] })]), all), /plain relative path/);
  });

  it('rejects non-objects and unknown schema versions with a clear message', () => {
    assert.throws(() => parseCatalog([], all), /must hold a JSON object/);
    assert.throws(() => parseCatalog({ schemaVersion: 2, chapters: [] }, all), /unsupported schemaVersion 2/);
  });

  it('explains an unknown exercise id', () => {
    const index = new CourseIndex(parseCatalog(manifest([exercise()]), all));
    assert.throws(() => index.require('neural-networks/nope'), (e: unknown) => e instanceof UnknownExerciseError && /no exercise "neural-networks\/nope"/.test(e.message));
  });
});
