/** @type {import('jest').Config} */
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'consumer-e2e',
  rootDir: __dirname,
  // This suite must see the packed packages exactly as a consumer would, never the sources.
  moduleNameMapper: {},
  testTimeout: 240_000,
};
