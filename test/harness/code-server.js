// Starts code-server for one test run, isolated and guaranteed to be stopped.
// Isolation: a scratch folder per run (.vscode-test-server/runs/<id>/) holds HOME, XDG_*, TMPDIR, the user data
// and extensions folders and the workspace; the server binds 127.0.0.1 on a free port.
// Cleanup: code-server runs in its own session and process group (spawn `detached` is setsid()) under a tiny
// shell that keeps our stdin pipe open; when this Node process ends in any way — even SIGKILL — the pipe closes
// and the shell kills the whole group. stop() also kills the group and waits until no process of the run is left.
'use strict';
const { spawn, spawnSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const net = require('net');
const os = require('os');
const path = require('path');
const { toolsRoot } = require('./tools');
const { waitFor } = require('./wait');

const RUN_MARKER = 'LLMF_TEST_RUN';

// Starts "$@" in the background; a watcher kills the whole process group when fd 3 (our stdin pipe) closes.
const WRAPPER = [
  'exec 3<&0',
  '"$@" </dev/null &',
  'cs=$!',
  '{ read -r _ <&3; kill -TERM 0; } &',
  'wait "$cs"',
].join('\n');

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function httpOk(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.setTimeout(2000, () => {
      req.destroy();
      resolve(false);
    });
  });
}

/** Pids of live processes whose environment carries this run's marker, or whose process group is `pgid`. */
function processesOfRun(runId, pgid) {
  const found = [];
  const needle = Buffer.from(`${RUN_MARKER}=${runId}\0`);
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z') continue; // zombie: already dead, waiting to be reaped
      const inGroup = pgid !== undefined && Number(fields[2]) === pgid;
      if (inGroup || fs.readFileSync(`/proc/${entry}/environ`).includes(needle)) found.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

function killAll(pids, signal) {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

const liveRuns = new Set();
process.on('exit', () => {
  // Synchronous last resort (e.g. process.exit() from a test): nothing of a run may outlive us.
  for (const run of liveRuns) {
    if (run.pgid) {
      try {
        process.kill(-run.pgid, 'SIGKILL');
      } catch {
        // group already gone
      }
    }
    killAll(processesOfRun(run.id), 'SIGKILL');
  }
});
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    console.error(`[code-server] ${sig}: stopping ${liveRuns.size} code-server run(s)`);
    process.exit(sig === 'SIGINT' ? 130 : 143); // the 'exit' handler above kills every group
  });
}

/** Removes scratch folders of earlier runs that were killed before their cleanup (none of their processes live). */
function pruneStaleRuns(maxAgeMs = 60 * 60 * 1000) {
  const runsDir = path.join(toolsRoot, 'runs');
  if (!fs.existsSync(runsDir)) return;
  for (const id of fs.readdirSync(runsDir)) {
    const dir = path.join(runsDir, id);
    try {
      if (Date.now() - fs.statSync(dir).mtimeMs > maxAgeMs && processesOfRun(id).length === 0) {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    } catch {
      // another run removed it meanwhile
    }
  }
}

/**
 * Creates the scratch folders of one run. Call `cli()` (e.g. --install-extension) and `start()` on the result.
 * @param {ReturnType<import('./tools').ensureTools>} tools
 * @param {string} name short label, e.g. "integration"
 * @param {{ workspaceTrust?: boolean, extensionsDir?: string }} [opts] workspaceTrust: keep VS Code's Workspace
 *   Trust on (folders open in Restricted Mode until trusted); extensionsDir: share another run's installed extensions
 */
function createRun(tools, name, opts = {}) {
  pruneStaleRuns();
  // Short names: VS Code puts unix sockets in TMPDIR, and a socket path must stay under 108 bytes.
  const id = `${name.slice(0, 3)}-${crypto.randomBytes(3).toString('hex')}`;
  const dir = path.join(toolsRoot, 'runs', id);
  const shortTmp = path.join(dir, 't');
  const dirs = {
    home: path.join(dir, 'home'),
    // A checkout in a deep folder gets a scratch TMPDIR in the system temp folder instead (removed by cleanup()).
    tmp: shortTmp.length <= 54 ? shortTmp : fs.mkdtempSync(path.join(os.tmpdir(), `llmf-${id}-`)),
    userData: path.join(dir, 'user-data'),
    extensions: opts.extensionsDir || path.join(dir, 'extensions'),
    workspace: path.join(dir, 'workspace'),
  };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(dirs.userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'security.workspace.trust.enabled': !!opts.workspaceTrust,
        'telemetry.telemetryLevel': 'off',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'extensions.ignoreRecommendations': true,
        'update.mode': 'none',
        'workbench.enableExperiments': false,
        'window.restoreWindows': 'none',
        // Newer VS Code opens the Chat view in the secondary sidebar: keep the layout the specs expect.
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        'chat.disableAIFeatures': true,
      },
      null,
      2,
    ),
  );
  const configFile = path.join(dir, 'config.yaml');
  fs.writeFileSync(configFile, '');
  const env = {
    ...process.env,
    HOME: dirs.home,
    XDG_CONFIG_HOME: path.join(dirs.home, '.config'),
    XDG_DATA_HOME: path.join(dirs.home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(dirs.home, '.cache'),
    XDG_RUNTIME_DIR: dirs.tmp,
    TMPDIR: dirs.tmp,
    [RUN_MARKER]: id,
  };
  delete env.VSCODE_IPC_HOOK_CLI; // we may be running inside a VS Code terminal
  const baseArgs = [tools.codeServerEntry, '--config', configFile, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
  const logFile = path.join(dir, 'code-server.log');

  const run = {
    id,
    dir,
    dirs,
    logFile,
    url: '',
    port: 0,
    pgid: 0,
    /** @type {import('child_process').ChildProcess | null} */
    child: null,

    /** Runs the code-server CLI (same isolation), e.g. ['--install-extension', vsix]. Throws on failure. */
    cli(args) {
      const r = spawnSync(tools.node, [...baseArgs, ...args], { env, encoding: 'utf8', timeout: 120000 });
      fs.appendFileSync(path.join(dir, 'code-server-cli.log'), `$ code-server ${args.join(' ')}\n${r.stdout}\n${r.stderr}\n`);
      if (r.status !== 0) throw new Error(`code-server ${args.join(' ')} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
      return r.stdout;
    },

    /** Starts the server and resolves once /healthz answers. @param {Record<string,string>} [extraEnv] */
    async start(extraEnv = {}) {
      for (let attempt = 1; ; attempt++) {
        this.port = await freePort();
        const args = [
          ...baseArgs,
          '--auth', 'none',
          '--bind-addr', `127.0.0.1:${this.port}`,
          '--disable-telemetry',
          '--disable-update-check',
          ...(opts.workspaceTrust ? [] : ['--disable-workspace-trust']),
          '--disable-getting-started-override',
          ...(tools.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
        ];
        const log = fs.openSync(logFile, 'a');
        const child = spawn('sh', ['-c', WRAPPER, 'sh', tools.node, ...args], {
          detached: true, // setsid(): own session and process group, pgid === child.pid
          stdio: ['pipe', log, log],
          env: { ...env, ...extraEnv },
        });
        fs.closeSync(log);
        this.child = child;
        this.pgid = child.pid;
        liveRuns.add(this);
        let exited = null;
        child.on('exit', (code, signal) => (exited = { code, signal }));
        this.url = `http://127.0.0.1:${this.port}`;
        const up = await waitFor(async () => exited !== null || (await httpOk(`${this.url}/healthz`)), {
          timeoutMs: 60000,
          intervalMs: 100,
          what: `code-server to answer ${this.url}/healthz`,
        }).then(() => exited === null, () => false);
        if (up) {
          console.log(`[code-server] ${tools.codeServerVersion} up at ${this.url} (pgid ${this.pgid}, run ${id})`);
          return this;
        }
        const logTail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n');
        await this.stop();
        if (attempt < 3 && /EADDRINUSE/.test(logTail)) continue; // lost the port race: try another port
        throw new Error(`code-server did not start (${exited ? `exit ${JSON.stringify(exited)}` : 'no answer in 60 s'}); log ${logFile}:\n${logTail}`);
      }
    },

    /** Processes of this run that are still alive. */
    processes() {
      return processesOfRun(id, this.pgid || undefined);
    },

    /** Stops code-server and everything it started; resolves when none of it is left. */
    async stop() {
      if (this.pgid) {
        try {
          process.kill(-this.pgid, 'SIGTERM');
        } catch {
          // group already gone
        }
      }
      const gone = () => this.processes().length === 0;
      await waitFor(gone, { timeoutMs: 10000, intervalMs: 100, what: 'code-server to exit' }).catch(async () => {
        killAll(this.processes(), 'SIGKILL');
        await waitFor(gone, { timeoutMs: 5000, intervalMs: 100, what: 'code-server to die' });
      });
      if (this.child && this.child.stdin) this.child.stdin.destroy();
      liveRuns.delete(this);
    },

    /** Removes the scratch folder (after evidence was copied). */
    cleanup() {
      if (process.env.KEEP_TEST_RUNS) return;
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(dirs.tmp, { recursive: true, force: true });
    },
  };
  return run;
}

module.exports = { createRun, processesOfRun, RUN_MARKER };
