/** @type {import('jest').Config} */
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'processor-pressure-sensor-1',
  rootDir: __dirname,
};
