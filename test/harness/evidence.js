// Evidence of a failed run: screenshots, the code-server log and the extension host logs, copied under
// .test-evidence/<label>/ (git-ignored), with the paths printed so a CI log points straight at them.
'use strict';
const fs = require('fs');
const path = require('path');
const { repoRoot } = require('./tools');

const evidenceRoot = path.join(repoRoot, '.test-evidence');

/** A fresh folder for one layer's evidence, e.g. .test-evidence/e2e-20261129T140102/ */
function evidenceDir(label) {
  const dir = path.join(evidenceRoot, `${label}-${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

function copyTree(from, to) {
  if (!fs.existsSync(from)) return;
  fs.cpSync(from, to, { recursive: true, force: true, errorOnExist: false });
}

/** Copies the run's logs: code-server's own and the user-data-dir logs folder (extension host, renderer…). */
function collectRunLogs(run, dir) {
  const copied = [];
  for (const f of ['code-server.log', 'code-server-cli.log']) {
    const src = path.join(run.dir, f);
    if (fs.existsSync(src)) {
      fs.copyFileSync(src, path.join(dir, f));
      copied.push(path.join(dir, f));
    }
  }
  const logs = path.join(run.dirs.userData, 'logs');
  if (fs.existsSync(logs)) {
    copyTree(logs, path.join(dir, 'logs'));
    copied.push(path.join(dir, 'logs') + path.sep);
  }
  return copied;
}

/** Takes a screenshot after animations settle; never throws (evidence must not hide the real failure). */
async function screenshot(page, file) {
  try {
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.screenshot({ path: file, timeout: 10000 });
    return file;
  } catch (e) {
    console.error(`[evidence] screenshot ${file} failed: ${e.message}`);
    return null;
  }
}

function printPaths(label, paths) {
  if (!paths.length) return;
  console.log(`[evidence] ${label}:`);
  for (const p of paths) console.log(`[evidence]   ${path.relative(process.cwd(), p) || p}`);
}

module.exports = { evidenceDir, collectRunLogs, screenshot, printPaths, evidenceRoot };
