// The CLI (`llm-foundations grade …`) end to end in-process, with real worker processes: exit codes, the
// human summary, --json, --junit and --all over a course folder laid out like the extension's workspace.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../src/grading/cli';
import type { Results } from '../../../src/grading';
import { isResults } from '../../../src/grading';
import { buildDist, learnerFolder, ROOT } from './build';

const MATRIX = path.join(ROOT, 'exercises', 'neural-networks', 'matrix-ops');

describe('llm-foundations CLI', function () {
  this.timeout(60_000);
  let root: string;

  before(async () => {
    // An install: the catalog and content in exercises/, the build in dist/.
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'llmf-cli-root-'));
    fs.symlinkSync(path.join(ROOT, 'exercises'), path.join(root, 'exercises'));
    fs.symlinkSync(await buildDist(), path.join(root, 'dist'));
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules')); // TypeScript, for the type check
  });

  async function cli(...argv: string[]) {
    let out = '';
    let err = '';
    const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) }, root);
    return { code, out, err };
  }

  it('exits 0 with a summary when the file passes, 1 with the failures when it does not', async () => {
    const pass = await cli('grade', 'neural-networks/matrix-ops', path.join(MATRIX, 'solution', 'matrix.ts'));
    assert.equal(pass.code, 0, pass.out + pass.err);
    assert.match(pass.out, /^neural-networks\/matrix-ops: PASS — (\d+) of \1 tests passed/);
    const fail = await cli('grade', 'neural-networks/matrix-ops', path.join(MATRIX, 'starter'));
    assert.equal(fail.code, 1);
    assert.match(fail.out, /^neural-networks\/matrix-ops: FAIL — 0 of \d+ tests passed/);
    assert.match(fail.out, /\n {2}! matmul › .*\n {6}TODO: step 1/);
    assert.match(fail.out, /\n {6}at matrix\.ts:\d+:\d+\n/);
  });

  it('type-checks the learner file with the TypeScript of the clone, failing a mistyped export at its line', async () => {
    const solution = fs.readFileSync(path.join(MATRIX, 'solution', 'matrix.ts'), 'utf8');
    const mistyped = `${solution}\nexport const size: number = 'three';\n`;
    const dir = learnerFolder({ 'matrix.ts': mistyped });
    const r = await cli('grade', 'neural-networks/matrix-ops', dir, '--json');
    assert.equal(r.code, 1, r.out);
    const parsed = JSON.parse(r.out) as Results;
    const check = parsed.tests.find((t) => t.category === 'TypeScript');
    const line = mistyped.split('\n').length - 1;
    assert.equal(check?.status, 'fail', r.out);
    assert.match(check?.message ?? '', new RegExp(`matrix\\.ts:${line}:14 TS2322: Type 'string' is not assignable to type 'number'`));
    assert.deepEqual(check?.location, { file: 'matrix.ts', line, column: 14 });
    assert.ok(parsed.tests.filter((t) => t.category !== 'TypeScript').every((t) => t.status === 'pass'), 'the hidden tests themselves pass');
    const skipped = await cli('grade', 'neural-networks/matrix-ops', dir, '--no-typecheck');
    assert.equal(skipped.code, 0, skipped.out);
  });

  it('prints results.json v3 with --json and JUnit XML with --junit', async () => {
    const json = await cli('grade', 'neural-networks/matrix-ops', path.join(MATRIX, 'starter'), '--json');
    const parsed: unknown = JSON.parse(json.out);
    assert.ok(isResults(parsed) && parsed.status === 'fail', json.out.slice(0, 500));
    const junit = await cli('grade', 'neural-networks/matrix-ops', path.join(MATRIX, 'solution'), '--junit');
    assert.equal(junit.code, 0);
    assert.match(junit.out, /<testsuite name="neural-networks\/matrix-ops" tests="\d+" failures="0" errors="0"/);
  });

  it('grades every exercise folder of a course folder with --all and lists the ones not started', async () => {
    const course = learnerFolder({ 'neural-networks/matrix-ops/matrix.ts': fs.readFileSync(path.join(MATRIX, 'solution', 'matrix.ts'), 'utf8') });
    const good = await cli('grade', '--all', course);
    assert.equal(good.code, 0, good.out);
    assert.match(good.out, /\n1 of 1 exercises passed; not started \(not graded\): neural-networks\/activations(, [a-z0-9-]+\/[a-z0-9-]+)*\n/);
    fs.writeFileSync(path.join(course, 'neural-networks', 'matrix-ops', 'matrix.ts'), 'export const matmul = 1;\n');
    const bad = await cli('grade', '--all', course, '--json');
    assert.equal(bad.code, 1);
    const parsed = JSON.parse(bad.out) as unknown[];
    assert.equal(parsed.length, 1);
    assert.ok(parsed.every(isResults));
  });

  it('lists the gradable exercises with their files', async () => {
    const list = await cli('list');
    assert.equal(list.code, 0);
    assert.match(list.out, /^neural-networks\/matrix-ops\tmatrix\.ts$/m);
    const catalog = JSON.parse(fs.readFileSync(path.join(ROOT, 'exercises', 'course.json'), 'utf8')) as { chapters: Array<{ exercises: Array<{ id: string; comingSoon?: boolean }> }> };
    const all = catalog.chapters.flatMap((c) => c.exercises);
    const listed = list.out.trim().split('\n').map((l) => l.split('\t')[0]);
    assert.deepEqual(listed, all.filter((e) => !e.comingSoon).map((e) => e.id), 'every available exercise, and no coming-soon one (those cannot be graded)');
  });

  it('exits 2 with the usage for an unknown exercise, a missing path or a bad option', async () => {
    const unknown = await cli('grade', 'neural-networks/nope', MATRIX);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /unknown exercise "neural-networks\/nope"; available: neural-networks\/matrix-ops/);
    assert.equal((await cli('grade', 'neural-networks/matrix-ops', path.join(MATRIX, 'nothing-here'))).code, 2);
    assert.match((await cli('grade', 'neural-networks/matrix-ops', MATRIX, '--xml')).err, /unknown option --xml/);
  });
});
