// Starts the real s2d binary on a free loopback port with a temp data dir
// (global setup), and gives the tests its address and bootstrap credentials.
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const SOURCE_DIR = process.env.S2D_SOURCE_DIR || path.resolve(__dirname, '..', '..');
const BINARY = process.env.S2D_BINARY || path.join(SOURCE_DIR, 'build', 'app', 's2d');
const OPERATOR_TOKEN = 'op_console_test_token_0123456789';

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function waitReady(base, child, deadlineMs) {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`s2d exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`s2d was not ready within ${deadlineMs} ms`);
}

// A small SQLite database for the sqlite data source (made by Debian's python3).
function makeSqliteDir(root) {
  const dir = path.join(root, 'sqlite');
  fs.mkdirSync(dir);
  execFileSync('/usr/bin/python3', ['-c', `import sqlite3
db = sqlite3.connect(${JSON.stringify(path.join(dir, 'people.db'))})
db.execute("CREATE TABLE people (id INTEGER, name TEXT)")
db.executemany("INSERT INTO people VALUES (?, ?)", [(1, "Ada"), (2, "Grace")])
db.commit()`]);
  return dir;
}

async function startServer() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 's2d-console-'));
  const dataDir = path.join(root, 'data');
  fs.mkdirSync(dataDir);
  const sqliteDir = makeSqliteDir(root);
  const port = await freePort();
  const log = fs.openSync(path.join(dataDir, 'stdout.log'), 'a');
  const child = spawn(BINARY, ['serve', '--listen', `127.0.0.1:${port}`, '--data-dir', dataDir], {
    stdio: ['ignore', log, log],
    env: {
      ...process.env,
      S2D_LOG_LEVEL: 'warn',
      S2D_OPERATOR_TOKEN: OPERATOR_TOKEN,
      // The webhook test's receiver listens on loopback.
      S2D_EGRESS_ALLOW: '127.0.0.0/8',
      S2D_WEBHOOK_RETRY_SCHEDULE: '0s,1s',
      S2D_WEBHOOK_TIMEOUT_SECONDS: '2',
      S2D_SQLITE_DIR: sqliteDir,
    },
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitReady(base, child, 30000);
  } catch (e) {
    child.kill('SIGKILL');
    throw new Error(`${e.message}\n${fs.readFileSync(path.join(dataDir, 'stdout.log'), 'utf8')}`);
  }
  const boot = JSON.parse(fs.readFileSync(path.join(dataDir, 'bootstrap.json'), 'utf8'));
  return { child, root, base, workspaceId: boot.workspace_id, apiKey: boot.api_key };
}

// The values global setup put in the environment, for the test workers.
function server() {
  return {
    base: process.env.S2D_CONSOLE_BASE,
    workspaceId: process.env.S2D_CONSOLE_WORKSPACE,
    apiKey: process.env.S2D_CONSOLE_KEY,
    operatorToken: OPERATOR_TOKEN,
  };
}

module.exports = { startServer, server, OPERATOR_TOKEN, SOURCE_DIR };
