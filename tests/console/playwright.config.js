// @playwright/test against the real s2d binary, in Debian's chromium.
const path = require('node:path');
const { defineConfig } = require('@playwright/test');

const buildDir = process.env.S2D_BUILD_DIR || path.resolve(__dirname, '..', '..', 'build');
const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

module.exports = defineConfig({
  testDir: __dirname,
  testMatch: '*.spec.js',
  outputDir: path.join(buildDir, 'console-test-results'),
  globalSetup: require.resolve('./global-setup.js'),
  workers: 1,
  retries: 0,
  timeout: 60000,
  expect: { timeout: 10000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 860 },
    launchOptions: {
      executablePath: process.env.S2D_CHROMIUM || '/usr/bin/chromium',
      // Chromium's sandbox needs an unprivileged user; CI runs as root.
      args: asRoot ? ['--no-sandbox'] : [],
    },
    trace: 'off',
  },
});
