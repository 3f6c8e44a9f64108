// One s2d for the whole run; every test makes its own objects in it.
const fs = require('node:fs');
const { startServer } = require('./server.js');

module.exports = async () => {
  const s = await startServer();
  process.env.S2D_CONSOLE_BASE = s.base;
  process.env.S2D_CONSOLE_WORKSPACE = s.workspaceId;
  process.env.S2D_CONSOLE_KEY = s.apiKey;
  return async () => {
    s.child.kill('SIGTERM');
    await new Promise((resolve) => {
      const timer = setTimeout(() => { s.child.kill('SIGKILL'); resolve(); }, 15000);
      s.child.once('exit', () => { clearTimeout(timer); resolve(); });
    });
    fs.rmSync(s.root, { recursive: true, force: true });
  };
};
