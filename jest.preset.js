// Shared Jest settings for every project. Each project's jest.config.js spreads this preset.
// Tests run TypeScript through @swc/jest (fast, no type-check); type errors are caught by each
// project's `typecheck` target, which `npm test` runs too.
const path = require('node:path');

const packagesDir = path.join(__dirname, 'packages');

// The SDK warns that its 2027 releases need Node 22; tests run on the project's Node 20 (Lambda runs nodejs22.x).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // Inside the monorepo, tests run against the packages' sources; published consumers get dist/.
  moduleNameMapper: {
    '^@twinflow/(core|health|lambda-adapter|payload-mappers|runtime)$': `${packagesDir}/$1/src/index.ts`,
    '^@twinflow/local-twin$': `${path.join(__dirname, 'tools/local-twin/src/index.ts')}`,
    '^@twinflow/deploy-tools$': `${path.join(__dirname, 'tools/deploy/src/index.ts')}`,
    '^@twinflow/testing/(.*)$': `${path.join(__dirname, 'tools/testing')}/$1`,
    '^@twinflow/config/(.*)$': `${path.join(__dirname, 'config')}/$1`,
  },
  testMatch: ['**/?(*.)+(spec|test).ts'],
  clearMocks: true,
  restoreMocks: true,
};
