// Launches the system Chromium through playwright-core with the flags that work as root on a closed network.
'use strict';
const { chromiumPath, loadPlaywright } = require('./tools');

const BASE_ARGS = [
  '--no-sandbox', // we run as root in CI
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
const WEBGL_ARGS = ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'];

/** @param {{ playwright: string }} tools */
async function launchChromium(tools, { webgl = true } = {}) {
  const { chromium } = loadPlaywright(tools);
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [...BASE_ARGS, ...(webgl ? WEBGL_ARGS : [])],
  });
}

module.exports = { launchChromium, BASE_ARGS, WEBGL_ARGS };
