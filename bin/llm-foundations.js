#!/usr/bin/env node
// The llm-foundations CLI (`npx llm-foundations grade …`): a thin launcher for the bundled dist/grading/cli.js,
// which `npm run build` produces. See `llm-foundations --help`.
'use strict';
const fs = require('fs');
const path = require('path');

const cli = path.join(__dirname, '..', 'dist', 'grading', 'cli.js');
if (!fs.existsSync(cli)) {
  console.error('llm-foundations: the grader is not built (dist/grading/cli.js is missing). Run `npm run build` first.');
  process.exit(2);
}
require(cli)
  .main(process.argv.slice(2))
  .then(
    (code) => (process.exitCode = code),
    (err) => {
      console.error(err);
      process.exitCode = 2;
    },
  );
