/** @type {import('jest').Config} */
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'nx-plugin',
  rootDir: __dirname,
  testPathIgnorePatterns: ['/node_modules/', '/files/'],
  testTimeout: 300_000,
};
