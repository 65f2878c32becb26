import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Exercise } from '../../../src/course/types';
import { exerciseIdForPath, resolveExercisesRoot, workspaceTsconfig } from '../../../src/scaffold/layout';
import { importedExercises, planScaffold } from '../../../src/scaffold/plan';
import { loadCourse } from '../../../src/course/load';
import { ScaffoldError, Scaffolder } from '../../../src/scaffold/scaffolder';
import { SnapshotError, SnapshotStore } from '../../../src/scaffold/snapshots';

const exercise: Exercise = {
  id: 'neural-networks/matrix-ops', chapter: 'neural-networks', slug: 'matrix-ops', title: 'Matrix operations',
  difficulty: 'intro', minutes: 20, files: ['matrix.ts', 'helpers/util.ts'], hints: ['a', 'b'], timeoutMs: 10_000, comingSoon: false,
};

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'llmf-scaffold-'));
}

/** A content folder shaped like the extension's exercises/, and a types folder like dist/types. */
function fixture() {
  const base = tmp();
  const content = path.join(base, 'content');
  const dir = path.join(content, 'neural-networks', 'matrix-ops');
  fs.mkdirSync(path.join(dir, 'starter', 'helpers'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'task.md'), '# Matrix operations\n');
  fs.writeFileSync(path.join(dir, 'starter', 'matrix.ts'), 'export function matmul() { throw new Error("TODO"); }\n');
  fs.writeFileSync(path.join(dir, 'starter', 'helpers', 'util.ts'), 'export {};\n');
  const types = path.join(base, 'types', '@tensorflow', 'tfjs');
  fs.mkdirSync(types, { recursive: true });
  fs.writeFileSync(path.join(types, 'package.json'), '{"types":"index.d.ts"}');
  const root = path.join(base, 'workspace', 'llm-foundations');
  const snapshots = new SnapshotStore(path.join(base, 'storage'));
  const make = (version = '1.0.0') => new Scaffolder({ contentDir: content, typesDir: path.join(base, 'types'), version, snapshots });
  return { base, root, snapshots, make, learner: path.join(root, 'neural-networks', 'matrix-ops', 'matrix.ts') };
}

describe('scaffolding layout', () => {
  it('maps a file inside an exercise folder to its exercise id, and nothing else', () => {
    const root = path.join('/w', 'llm-foundations');
    assert.strictEqual(exerciseIdForPath(root, path.join(root, 'neural-networks', 'matrix-ops', 'matrix.ts')), 'neural-networks/matrix-ops');
    assert.strictEqual(exerciseIdForPath(root, path.join(root, 'tsconfig.json')), undefined);
    assert.strictEqual(exerciseIdForPath(root, path.join(root, 'neural-networks', 'matrix-ops')), undefined);
    assert.strictEqual(exerciseIdForPath(root, path.join('/w', 'other', 'a', 'b', 'c.ts')), undefined);
  });

  it('resolves the configured folder inside the workspace and refuses one that escapes it', () => {
    assert.strictEqual(resolveExercisesRoot('/w', 'course'), path.join('/w', 'course'));
    assert.strictEqual(resolveExercisesRoot('/w', '  '), path.join('/w', 'llm-foundations'));
    assert.throws(() => resolveExercisesRoot('/w', '../elsewhere'), /points outside the workspace folder/);
  });

  it('generates a tsconfig that maps @tensorflow to the copied declarations', () => {
    assert.match(workspaceTsconfig(), /"@tensorflow\/\*": \["\.types\/@tensorflow\/\*"\]/);
  });
});

describe('planScaffold', () => {
  const sources = { starter: (f: string) => `starter of ${f}`, task: () => 'task' };

  it('creates everything in a fresh workspace', () => {
    const plan = planScaffold('/r', exercise, sources, () => false);
    assert.deepStrictEqual(plan.map((f) => [path.relative('/r', f.path), f.action, f.role]), [
      ['tsconfig.json', 'create', 'tsconfig'],
      [path.join('neural-networks', 'matrix-ops', 'README.md'), 'create', 'task'],
      [path.join('neural-networks', 'matrix-ops', 'matrix.ts'), 'create', 'learner'],
      [path.join('neural-networks', 'matrix-ops', 'helpers', 'util.ts'), 'create', 'learner'],
    ]);
    assert.strictEqual(plan[2]!.contents, 'starter of matrix.ts');
  });

  it('keeps every file that exists, without reading its starter', () => {
    const plan = planScaffold('/r', exercise, { starter: () => assert.fail('read a starter it should keep'), task: () => 't' }, (p) => p.endsWith('.ts'));
    assert.deepStrictEqual(plan.filter((f) => f.role === 'learner').map((f) => f.action), ['keep', 'keep']);
  });
});

describe('Scaffolder', () => {
  it('writes the starter, task statement, tsconfig and type declarations', async () => {
    const f = fixture();
    const result = await f.make().scaffold(f.root, exercise);
    assert.strictEqual(result.created.length, 4);
    assert.match(fs.readFileSync(f.learner, 'utf8'), /TODO/);
    assert.strictEqual(fs.readFileSync(result.taskFile, 'utf8'), '# Matrix operations\n');
    assert.ok(fs.existsSync(path.join(f.root, '.types', '@tensorflow', 'tfjs', 'package.json')));
    assert.strictEqual(fs.readFileSync(path.join(f.root, '.types', 'VERSION'), 'utf8').trim(), '1.0.0');
  });

  it('never overwrites a learner file, and re-creates only what is missing', async () => {
    const f = fixture();
    const s = f.make();
    await s.scaffold(f.root, exercise);
    fs.writeFileSync(f.learner, 'my work');
    fs.rmSync(path.join(path.dirname(f.learner), 'helpers', 'util.ts'));
    const again = await s.scaffold(f.root, exercise);
    assert.strictEqual(fs.readFileSync(f.learner, 'utf8'), 'my work');
    assert.deepStrictEqual(again.created.map((p) => path.basename(p)), ['util.ts']);
  });

  it('refreshes the type declarations when the extension version changes, only then', async () => {
    const f = fixture();
    await f.make('1.0.0').scaffold(f.root, exercise);
    const marker = path.join(f.root, '.types', 'stale.d.ts');
    fs.writeFileSync(marker, '');
    await f.make('1.0.0').ensureTypes(f.root);
    assert.ok(fs.existsSync(marker), 'same version must not recopy');
    await f.make('1.1.0').ensureTypes(f.root);
    assert.ok(!fs.existsSync(marker), 'new version must replace the folder');
    assert.strictEqual(fs.readFileSync(path.join(f.root, '.types', 'VERSION'), 'utf8').trim(), '1.1.0');
  });

  it('refuses a coming-soon exercise with a clear message', async () => {
    const f = fixture();
    await assert.rejects(f.make().scaffold(f.root, { ...exercise, comingSoon: true }), /coming soon/);
  });

  it('reports an unwritable folder clearly and leaves existing files alone', async () => {
    const f = fixture();
    fs.mkdirSync(path.dirname(f.root), { recursive: true });
    if (process.getuid?.() === 0) {
      // root ignores permission bits, so block the folder with a file instead.
      fs.writeFileSync(f.root, 'a file where the folder should be');
    } else {
      fs.mkdirSync(f.root);
      fs.chmodSync(f.root, 0o555);
    }
    await assert.rejects(f.make().scaffold(f.root, exercise), (e: unknown) => {
      assert.ok(e instanceof ScaffoldError, String(e));
      assert.match(e.message, /^Could not write .*Nothing of yours was changed\.$/);
      return true;
    });
    if (process.getuid?.() === 0) assert.strictEqual(fs.readFileSync(f.root, 'utf8'), 'a file where the folder should be');
  });

  it('reset snapshots the learner files before putting the starter back; restore brings them back', async () => {
    const f = fixture();
    const s = f.make();
    await s.scaffold(f.root, exercise);
    fs.writeFileSync(f.learner, 'version A');
    const snap = await s.reset(f.root, exercise);
    assert.ok(snap);
    assert.match(fs.readFileSync(f.learner, 'utf8'), /TODO/);
    fs.writeFileSync(f.learner, 'version B');
    const before = await s.restore(f.root, exercise, await f.snapshots.read(snap));
    assert.strictEqual(fs.readFileSync(f.learner, 'utf8'), 'version A');
    // The restore saved version B first, so nothing is ever lost.
    assert.strictEqual((await f.snapshots.read(before!)).find((x) => x.name === 'matrix.ts')?.contents, 'version B');
  });

  it('reset of an exercise whose files were all deleted writes the starter and takes no empty snapshot', async () => {
    const f = fixture();
    const s = f.make();
    assert.strictEqual(await s.reset(f.root, exercise), undefined);
    assert.match(fs.readFileSync(f.learner, 'utf8'), /TODO/);
  });
});

describe('SnapshotStore', () => {
  it('lists snapshots newest first with their reasons, also two in the same millisecond', async () => {
    const dir = tmp();
    let t = Date.parse('2026-01-01T00:00:00.000Z');
    const store = new SnapshotStore(dir, () => new Date(t));
    await store.save('a/b', [{ name: 'x.ts', contents: '1' }], 'first');
    await store.save('a/b', [{ name: 'x.ts', contents: '2' }], 'second');
    t += 1000;
    await store.save('a/b', [{ name: 'x.ts', contents: '3' }], 'third');
    const list = await store.list('a/b');
    assert.deepStrictEqual(list.map((s) => s.reason), ['third', 'second', 'first']);
    assert.deepStrictEqual(await store.read(list[1]!), [{ name: 'x.ts', contents: '2' }]);
    assert.deepStrictEqual(await store.list('other/one'), []);
  });

  it('skips a damaged snapshot and explains one whose folder vanished', async () => {
    const dir = tmp();
    const store = new SnapshotStore(dir);
    const good = await store.save('a/b', [{ name: 'x.ts', contents: 'keep' }], 'good');
    const bad = await store.save('a/b', [{ name: 'x.ts', contents: 'gone' }], 'bad');
    fs.writeFileSync(path.join(dir, 'snapshots', 'a', 'b', good.id, 'meta.json'), '{broken');
    assert.deepStrictEqual((await store.list('a/b')).map((s) => s.reason), ['bad']);
    fs.rmSync(path.join(dir, 'snapshots', 'a', 'b', bad.id), { recursive: true });
    await assert.rejects(store.read(bad), (e: unknown) => e instanceof SnapshotError && /can no longer be read/.test(e.message));
    fs.rmSync(path.join(dir, 'snapshots'), { recursive: true });
    assert.deepStrictEqual(await store.list('a/b'), []);
  });
});

describe('exercises that build on earlier ones', () => {
  it("reads the relative imports of another exercise (commented-out ones too: the starter's instructions), not its own files", () => {
    const mlp = { chapter: 'neural-networks' as const, slug: 'mlp' };
    const source = [
      "import { Value } from '../autograd/value';",
      "import { helper } from './helper';",
      "// import { perplexity } from '../perplexity/perplexity';",
      "export { causalMask } from '../../transformer/causal-mask/mask';",
      "import * as tf from '@tensorflow/tfjs';",
    ].join('\n');
    assert.deepStrictEqual(importedExercises(mlp, source), ['neural-networks/autograd', 'neural-networks/perplexity', 'transformer/causal-mask']);
  });

  it("finds the shipped course's dependencies transitively (block -> multi-head -> attention), from the real starters", () => {
    const course = loadCourse(path.resolve(__dirname, '..', '..', '..', 'exercises'));
    const scaffolder = new Scaffolder({ contentDir: path.resolve(__dirname, '..', '..', '..', 'exercises'), typesDir: os.tmpdir(), version: '0', snapshots: new SnapshotStore(os.tmpdir()) });
    const deps = (id: string) => scaffolder.dependencies(course.exercise(id)!, (x) => course.exercise(x)).map((e) => e.id).sort();
    assert.deepStrictEqual(deps('neural-networks/mlp'), ['neural-networks/autograd']);
    assert.deepStrictEqual(deps('transformer/block'), ['transformer/attention', 'transformer/layer-norm', 'transformer/multi-head']);
    assert.deepStrictEqual(deps('neural-networks/matrix-ops'), []);
  });
});
