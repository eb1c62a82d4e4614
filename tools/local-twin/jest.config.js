/** @type {import('jest').Config} */
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'local-twin',
  rootDir: __dirname,
  testTimeout: 240_000,
  // Each suite starts its own twin on its own ports; run them one after another.
  maxWorkers: 1,
};
