// Mocha loader that runs inside the extension host (the @vscode/test-electron contract: export `run()`).
// Both launchers use it: test/harness/run-integration.js (code-server) and test/harness/run-desktop.js
// (@vscode/test-electron). Every `*.test.ts` beside this file is bundled to out/test/integration/*.test.js
// by test/harness/build-tests.js and picked up here: adding a test file is all it takes. activation.test.js runs
// first because it checks that nothing activated the extension before the learner opened its view.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

const FIRST = 'activation.test.js';

interface Outcome {
  title: string;
  error?: string;
}

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    reporter: 'spec',
    timeout: 30000,
    ...(process.env.MOCHA_GREP ? { grep: process.env.MOCHA_GREP } : {}),
  });
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort((a, b) => Number(b === FIRST) - Number(a === FIRST) || a.localeCompare(b));
  for (const f of files) mocha.addFile(path.join(__dirname, f));

  const passed: Outcome[] = [];
  const failed: Outcome[] = [];
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      // The launchers read this file: it is the count the harness reports, independent of console forwarding.
      const resultFile = process.env.LLMF_TEST_RESULT_FILE;
      if (resultFile) fs.writeFileSync(resultFile, JSON.stringify({ files, passed, failed }, null, 2));
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
    runner.on('pass', (t) => passed.push({ title: t.fullTitle() }));
    runner.on('fail', (t, err: Error) => failed.push({ title: t.fullTitle(), error: String(err && (err.stack || err.message)) }));
  });
}
