/** @type {import('jest').Config} */
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'payload-mappers',
  rootDir: __dirname,
};
