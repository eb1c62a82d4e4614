/** @type {import('jest').Config} */
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'processor-thermostat-1',
  rootDir: __dirname,
};
