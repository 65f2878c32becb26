import * as assert from 'assert';
import type { Course, Exercise } from '../../../src/course/types';
import { ProgressFormatError, upgrade } from '../../../src/progress/schema';
import type { Migration } from '../../../src/progress/schema';
import { PROGRESS_KEY, ProgressStore } from '../../../src/progress/store';
import type { MementoLike } from '../../../src/progress/store';

/** A Memento double: the real one is a key-value store with an async update, nothing more. */
class FakeMemento implements MementoLike {
  readonly values = new Map<string, unknown>();
  constructor(initial?: unknown) {
    if (initial !== undefined) this.values.set(PROGRESS_KEY, initial);
  }
  get<T>(key: string): T | undefined {
    // Like globalState, hand back a copy: the store must not rely on object identity.
    const v = this.values.get(key);
    return v === undefined ? undefined : (JSON.parse(JSON.stringify(v)) as T);
  }
  update(key: string, value: unknown): Promise<void> {
    this.values.set(key, JSON.parse(JSON.stringify(value)));
    return Promise.resolve();
  }
}

const clock = (iso = '2026-11-29T12:00:00.000Z') => () => new Date(iso);
const ex = (id: string, comingSoon = false): Exercise => ({
  id: id as Exercise['id'], chapter: 'neural-networks', slug: id.split('/')[1]!, title: id, difficulty: 'intro',
  minutes: 10, files: ['a.ts'], hints: ['h1', 'h2'], timeoutMs: 10_000, comingSoon,
});

describe('ProgressStore', () => {
  it('starts empty and reports every exercise as not started', () => {
    const store = new ProgressStore(new FakeMemento(), clock());
    assert.deepStrictEqual(store.get('neural-networks/matrix-ops'), { status: 'not-started', attempts: 0, bestScore: 0, hintsShown: 0 });
    assert.strictEqual(store.loadProblem, undefined);
  });

  it('marks an exercise started once, and persists it for the next session', async () => {
    const memento = new FakeMemento();
    const store = new ProgressStore(memento, clock());
    const changes: string[][] = [];
    store.onDidChange((c) => changes.push([...c.ids]));
    await store.markStarted('neural-networks/matrix-ops');
    await store.markStarted('neural-networks/matrix-ops');
    assert.deepStrictEqual(changes, [['neural-networks/matrix-ops']]);
    const again = new ProgressStore(memento, clock('2030-01-01T00:00:00.000Z'));
    assert.strictEqual(again.get('neural-networks/matrix-ops').status, 'in-progress');
    assert.strictEqual(again.get('neural-networks/matrix-ops').startedAt, '2026-11-29T12:00:00.000Z');
  });

  it('records runs: attempts, best score, last run, and passed on all green — never downgraded afterwards', async () => {
    const store = new ProgressStore(new FakeMemento(), clock());
    const id = 'neural-networks/matrix-ops';
    await store.recordRun(id, { passed: 3, failed: 2, total: 5 });
    assert.deepStrictEqual(
      { s: store.get(id).status, a: store.get(id).attempts, b: store.get(id).bestScore },
      { s: 'in-progress', a: 1, b: 0.6 },
    );
    await store.recordRun(id, { passed: 5, failed: 0, total: 5 });
    assert.strictEqual(store.get(id).status, 'passed');
    assert.strictEqual(store.get(id).passedAt, '2026-11-29T12:00:00.000Z');
    await store.recordRun(id, { passed: 1, failed: 4, total: 5 });
    const p = store.get(id);
    assert.deepStrictEqual({ s: p.status, a: p.attempts, b: p.bestScore, last: p.lastRun?.passed }, { s: 'passed', a: 3, b: 1, last: 1 });
  });

  it('does not count a run with no tests as a pass', async () => {
    const store = new ProgressStore(new FakeMemento(), clock());
    await store.recordRun('x/y', { passed: 0, failed: 0, total: 0 });
    assert.strictEqual(store.get('x/y').status, 'in-progress');
  });

  it('reveals hints one at a time up to the number available', async () => {
    const store = new ProgressStore(new FakeMemento(), clock());
    assert.deepStrictEqual([await store.revealHint('a/b', 2), await store.revealHint('a/b', 2), await store.revealHint('a/b', 2)], [1, 2, 2]);
  });

  it('counts chapter progress over all exercises and those available', async () => {
    const store = new ProgressStore(new FakeMemento(), clock());
    await store.recordRun('neural-networks/a', { passed: 1, failed: 0, total: 1 });
    assert.deepStrictEqual(store.chapterProgress([ex('neural-networks/a'), ex('neural-networks/b'), ex('neural-networks/c', true)]), {
      passed: 1, total: 3, available: 2,
    });
  });

  it('starts clean on corrupt data, keeping the raw value for the caller to save', () => {
    for (const corrupt of ['{not json', 42, null, [], { version: 1, exercises: 'x' }, { version: 1, exercises: { a: { status: 'done' } } }]) {
      const store = new ProgressStore(new FakeMemento(corrupt), clock());
      assert.ok(store.loadProblem, `no problem reported for ${JSON.stringify(corrupt)}`);
      assert.deepStrictEqual(store.loadProblem.raw, corrupt);
      assert.strictEqual(store.get('a').status, 'not-started');
    }
  });

  it('refuses data from a newer version instead of guessing', () => {
    const store = new ProgressStore(new FakeMemento({ version: 9, exercises: {} }), clock());
    assert.match(store.loadProblem!.message, /newer version .*format 9/);
  });

  it('exports a completion record with every chapter and exercise', async () => {
    const store = new ProgressStore(new FakeMemento(), clock());
    await store.recordRun('neural-networks/a', { passed: 2, failed: 0, total: 2 });
    await store.markLessonRead('neural-networks');
    const course: Course = { title: 'LLM Foundations', chapters: [{ id: 'neural-networks', number: 1, title: 'NN', summary: '', lesson: 'l.md', exercises: [ex('neural-networks/a'), ex('neural-networks/b', true)] }] };
    const record = store.exportRecord(course, '1.2.3');
    assert.strictEqual(record.format, 'llm-foundations-completion/1');
    assert.deepStrictEqual(record.summary, { passed: 1, total: 2 });
    assert.strictEqual(record.chapters[0]!.lessonReadAt, '2026-11-29T12:00:00.000Z');
    assert.deepStrictEqual(record.chapters[0]!.exercises.map((e) => [e.id, e.status, e.available]), [
      ['neural-networks/a', 'passed', true],
      ['neural-networks/b', 'not-started', false],
    ]);
    assert.doesNotThrow(() => JSON.parse(JSON.stringify(record)));
  });
});

describe('progress schema migrations', () => {
  const v1 = { version: 1, exercises: { 'a/b': { status: 'passed', attempts: 2, bestScore: 1, hintsShown: 0 } }, lessonsRead: {} };

  it('reads the current format as it is', () => {
    assert.deepStrictEqual(upgrade(v1), v1);
  });

  it('runs migration steps in order up to the current version', () => {
    // Hypothetical formats 2 and 3, to prove the path a real format 2 will take.
    const steps: Record<number, Migration> = {
      1: (old) => ({ ...old, version: 2, exercises: old.done }),
    };
    const out = upgrade({ version: 1, done: v1.exercises }, { ...steps, 2: (old) => ({ ...old, version: 3 }) }, 3);
    assert.deepStrictEqual(out.exercises, v1.exercises);
  });

  it('fails clearly when a step is missing or produces the wrong version', () => {
    assert.throws(() => upgrade({ version: 1 }, {}, 2), (e: unknown) => e instanceof ProgressFormatError && /no migration from format 1/.test(e.message));
    assert.throws(() => upgrade({ version: 1 }, { 1: (o) => ({ ...o, version: 5 }) }, 2), /produced version 5/);
  });
});
