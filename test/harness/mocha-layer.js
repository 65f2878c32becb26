// Runs one layer's spec files with mocha in this process (the e2e and webview runners own a server and a browser
// that the specs share), counting passes and failures.
'use strict';
const fs = require('fs');
const path = require('path');
const Mocha = require('mocha');

/** A file-name-safe form of a test's full title, for screenshots. */
function testSlug(test) {
  return test.fullTitle().replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').slice(0, 80);
}

/**
 * @param {{ dir: string, suffix: string, timeoutMs: number, afterEach: (test: Mocha.Test) => Promise<void> }} opts
 *   afterEach runs after every test with mocha's test object (state 'passed' or 'failed').
 * @returns {Promise<{ passes: number, failures: number }>}
 */
async function runSpecs({ dir, suffix, timeoutMs, afterEach }) {
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', timeout: timeoutMs, ...(process.env.MOCHA_GREP ? { grep: process.env.MOCHA_GREP } : {}) });
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(suffix)).sort();
  if (!files.length) throw new Error(`no *${suffix} files in ${dir}`);
  for (const f of files) mocha.addFile(path.join(dir, f));
  mocha.rootHooks({
    async afterEach() {
      if (this.currentTest) await afterEach(this.currentTest);
    },
  });
  let passes = 0;
  const failures = await new Promise((resolve) => {
    const runner = mocha.run(resolve);
    runner.on('pass', () => passes++);
  });
  return { passes, failures };
}

module.exports = { runSpecs, testSlug };
