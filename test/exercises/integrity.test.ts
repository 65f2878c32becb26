// Exercise integrity: every exercise the manifest marks as available must be gradable. Its hidden tests are
// built exactly as the extension ships them (esbuild.js's buildGrading, into a temp folder) and run by the
// grading engine itself (src/grading), twice: against the reference solution (every test must pass, and there
// must be at least five) and against the starter (at least one must fail — a starter that passes would mark a
// learner done before they begin). Run with `npm run test:exercises` (part of `npm test`).

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseCatalog } from '../../src/course/catalog';
import type { Course } from '../../src/course/types';
import type { Results } from '../../src/grading';
import { Grader } from '../../src/grading';
import { createTypeChecker } from '../../src/grading/typecheck';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..', '..');
/** One checker for the whole file: it parses the standard library once. TF.js types come from node_modules. */
let checker: ReturnType<typeof createTypeChecker> | undefined;
const typeCheck = () => (checker ??= createTypeChecker(ts, [path.join(ROOT, 'node_modules')]));
const EXERCISES = path.join(ROOT, 'exercises');
const MIN_TESTS = 5;

// eslint-disable-next-line @typescript-eslint/no-require-imports -- esbuild.js is the build script itself (CommonJS)
const { buildGrading } = require(path.join(ROOT, 'esbuild.js')) as {
  buildGrading(o: { outDir: string; exercisesDir: string }): Promise<{ failures: Array<{ id: string; message: string }> }>;
};

function describeRun(r: Results): string {
  const counts = (s: string) => r.tests.filter((t) => t.status === s).length;
  const head = `${r.tests.length} tests: ${counts('pass')} passed, ${counts('fail')} failed, ${counts('error')} errored${r.message ? ` — ${r.message}` : ''}`;
  const bad = r.tests.filter((t) => t.status !== 'pass').map((t) => `  - ${t.category ? `${t.category} › ` : ''}${t.name}: ${(t.message ?? '').split('\n')[0]}`);
  return [head, ...bad].join('\n');
}

let course: Course | undefined;
let catalogError: unknown;
try {
  const manifest: unknown = JSON.parse(fs.readFileSync(path.join(EXERCISES, 'course.json'), 'utf8'));
  course = parseCatalog(manifest, (rel) => fs.existsSync(path.join(EXERCISES, rel)));
} catch (err) {
  catalogError = err;
}

describe('exercise integrity', () => {
  let distDir: string;
  let grader: Grader;
  /** Exercises whose hidden tests do not compile, with esbuild's message. */
  const buildFailures = new Map<string, string>();

  before(async function () {
    this.timeout(120_000);
    distDir = fs.mkdtempSync(path.join(os.tmpdir(), 'llmf-integrity-'));
    const { failures } = await buildGrading({ outDir: distDir, exercisesDir: EXERCISES });
    for (const f of failures) buildFailures.set(f.id, f.message);
    // The repository's node_modules serves `@tensorflow/tfjs` to the bundles in the temp folder, as dist/runtime
    // does in the extension; media/data is what courseData() reads.
    grader = new Grader({ distDir, pool: 1, modulePaths: [ROOT], dataDir: path.join(ROOT, 'media', 'data'), referenceDir: EXERCISES });
  });
  const assertBuilt = (id: string) => assert.ok(!buildFailures.has(id), `${id}: the hidden tests do not build:\n${buildFailures.get(id)}`);
  after(() => {
    grader?.dispose();
    if (distDir) fs.rmSync(distDir, { recursive: true, force: true });
  });

  it('exercises/course.json is a valid catalog whose listed files exist', () => {
    if (catalogError) throw catalogError;
  });

  const available = (course?.chapters ?? []).flatMap((c) => c.exercises).filter((e) => !e.comingSoon);
  for (const e of available) {
    const dir = path.join(EXERCISES, e.chapter, e.slug);
    const childBudget = Math.max(60_000, 3 * e.timeoutMs);

    it(`${e.id}: the reference solution passes every hidden test (at least ${MIN_TESTS})`, async function () {
      this.timeout(childBudget);
      assertBuilt(e.id);
      const r = await grader.grade(e, path.join(dir, 'solution'));
      assert.ok(r.status === 'pass', `${e.id}: with the solution, ${describeRun(r)}`);
      assert.ok(r.tests.length >= MIN_TESTS, `${e.id}: only ${r.tests.length} hidden tests ran; every exercise needs at least ${MIN_TESTS}`);
    });

    it(`${e.id}: the starter and the reference type-check as the learner's editor will (the course folder's tsconfig)`, function () {
      this.timeout(60_000);
      for (const variant of ['starter', 'solution']) {
        const problems = typeCheck()(path.join(dir, variant), e.files);
        assert.deepEqual(problems.map((p) => `${variant}/${p.file}:${p.line}:${p.column} TS${p.code}: ${p.message}`), [], `${e.id}: the ${variant} has type errors a learner would see`);
      }
    });

    it(`${e.id}: the starter fails at least one hidden test`, async function () {
      this.timeout(childBudget);
      assertBuilt(e.id);
      const r = await grader.grade(e, path.join(dir, 'starter'));
      assert.ok(r.tests.length >= MIN_TESTS, `${e.id}: the hidden tests did not run against the starter: ${describeRun(r)}`);
      assert.ok(r.status !== 'pass', `${e.id}: the starter passes all ${r.tests.length} hidden tests, so a learner would be done before starting`);
    });
  }
});
