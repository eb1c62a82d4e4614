/** @type {import('jest').Config} */
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'deploy-tools',
  rootDir: __dirname,
  // The emulator e2e deploys every stack into moto server: minutes, one suite at a time.
  testTimeout: 600_000,
  maxWorkers: 1,
};
