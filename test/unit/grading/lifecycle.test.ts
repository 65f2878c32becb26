// What outlives what: workers never outlive the process that started them, even one stuck in a learner's
// infinite loop when that process is killed; and the build names an exercise whose hidden tests do not compile.

import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildDist, buildGrading, FIXTURES, isAlive, learnerFolder, ROOT } from './build';

/** Polls until `done()` or `limitMs` passes; returns whether it became true. */
async function eventually(done: () => boolean, limitMs: number): Promise<boolean> {
  for (const end = Date.now() + limitMs; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) if (done()) return true;
  return done();
}

describe('grading lifecycle', function () {
  this.timeout(60_000);

  it('ends every worker, even one in an infinite loop, when the process that started it is killed', async () => {
    const distDir = await buildDist();
    const learner = learnerFolder({ 'probe.ts': 'export function answer(): number {\n  for (;;) {}\n}\n' });
    const host = spawn(process.execPath, ['--import', 'tsx', path.join(FIXTURES, 'grading-host.ts'), distDir, learner], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      host.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(out.trim());
      });
      host.on('exit', () => reject(new Error(`the host exited before printing its workers: ${out}`)));
    });
    const pids = JSON.parse(line) as number[];
    assert.ok(pids.length >= 2, `expected a running and a pre-forked worker, got ${line}`);
    assert.ok(pids.every(isAlive), 'the workers should be alive while the host is');
    host.kill('SIGKILL');
    const gone = await eventually(() => !pids.some(isAlive), 10_000);
    assert.ok(gone, `workers left running after their host was killed: ${pids.filter(isAlive).join(', ')}`);
  });

  it('builds the other exercises and names the one whose hidden tests do not compile', async () => {
    const exercises = learnerFolder({
      'neural-networks/good/tests/good.test.ts': "import * as assert from 'node:assert';\nit('works', () => assert.ok(true));\n",
      'neural-networks/bad/tests/bad.test.ts': "it('has a typo', () => {\n  const x = (1;\n});\n",
    });
    const outDir = learnerFolder({});
    const { failures } = await buildGrading({ outDir, exercisesDir: exercises });
    assert.deepEqual(failures.map((f) => f.id), ['neural-networks/bad']);
    assert.match(failures[0].message, /bad\.test\.ts:2:\d+: ERROR: Expected "\)" but found ";"/);
    assert.ok(fs.existsSync(path.join(outDir, 'grading', 'tests', 'neural-networks', 'good.js')));
    assert.ok(fs.existsSync(path.join(outDir, 'grading', 'worker.js')));
  });
});
