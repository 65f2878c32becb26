// Self-tests of the code-server launcher: a failing suite and a launcher killed mid-run must both leave no
// process of their run behind, and a failure must leave evidence.
'use strict';
const assert = require('assert');
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const { processesOfRun } = require('../code-server');
const { repoRoot, toolsRoot } = require('../tools');
const { waitFor } = require('../wait');

const launcher = path.join(__dirname, '..', 'run-integration.js');
const fixtureExtension = path.join(__dirname, '..', 'fixtures', 'extension');
const suite = (name) => path.join(__dirname, '..', 'fixtures', 'suites', `${name}.js`);

/** Starts the launcher on a fixture suite; `started` resolves with the run id and pgid once code-server is up. */
function startLauncher(suiteName) {
  const child = spawn(process.execPath, [launcher, '--extension', fixtureExtension, '--suite', suite(suiteName)], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let onRun;
  const started = new Promise((resolve) => (onRun = resolve));
  const collect = (d) => {
    output += d;
    const m = /\[integration\] run (\S+): pgid (\d+)/.exec(output);
    if (m) onRun({ id: m[1], pgid: Number(m[2]) });
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  // Indented when quoted in a failure message, so that run-all.js never reads the child's "[result]" line as ours.
  return { child, started, exited, output: () => output.replace(/^/gm, '  | ') };
}

describe('code-server launcher (harness self-test)', () => {
  const leftovers = [];
  after(() => {
    for (const p of leftovers) fs.rmSync(p, { recursive: true, force: true });
  });

  it('reports a failing suite with exit 1, saves evidence, and leaves no process of the run', async () => {
    const l = startLauncher('failing');
    const [{ id, pgid }, { code }] = await Promise.all([l.started, l.exited]);
    leftovers.push(path.join(toolsRoot, 'runs', id));
    assert.strictEqual(code, 1, `launcher exit code for a failing suite; output:\n${l.output()}`);
    assert.match(l.output(), /\[result\] 0 passed, 1 failed$/m);
    const evidence = /\[evidence\]\s+(\.test-evidence\/integration-\S+)\/code-server\.log/.exec(l.output());
    assert.ok(evidence, `no code-server log listed as evidence in:\n${l.output()}`);
    leftovers.push(path.join(repoRoot, evidence[1]));
    assert.ok(fs.existsSync(path.join(repoRoot, evidence[1], 'code-server.log')), 'evidence log file missing');
    assert.ok(fs.existsSync(path.join(repoRoot, evidence[1], 'workbench.png')), 'evidence screenshot missing');
    // The launcher awaited the shutdown before exiting: nothing may be left, not even for a moment.
    assert.deepStrictEqual(processesOfRun(id, pgid), [], `processes of run ${id} outlived the launcher`);
  });

  it('takes code-server down when the launcher is killed with SIGKILL mid-run', async () => {
    const l = startLauncher('hanging');
    const { id, pgid } = await l.started;
    leftovers.push(path.join(toolsRoot, 'runs', id));
    assert.ok(processesOfRun(id, pgid).length > 0, 'code-server should be running before the kill');
    l.child.kill('SIGKILL'); // no handler can run: only the process group's pipe watcher can clean up
    await l.exited;
    await waitFor(() => processesOfRun(id, pgid).length === 0, {
      timeoutMs: 15000,
      what: `the processes of run ${id} to end after the launcher was killed`,
    }).catch((e) => {
      const left = processesOfRun(id, pgid);
      for (const pid of left) {
        try {
          process.kill(pid, 'SIGKILL'); // don't leak into the next test
        } catch {
          // gone meanwhile
        }
      }
      throw new Error(`${e.message}; still alive: ${left.join(', ')}`);
    });
  });
});
