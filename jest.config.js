const { DEFAULT_TIMEOUT_MS, slowTests } = require('./test/lanes');

/** Both lanes share everything but which test files they run (test/lanes.js, docs/testing.md). */
const lane = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testTimeout: DEFAULT_TIMEOUT_MS,
};
const slow = slowTests(__dirname).map(({ file }) => `<rootDir>/${file}`);

/** @type {import('jest').Config} */
module.exports = {
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: DEFAULT_TIMEOUT_MS,
  maxWorkers: 2,
  projects: [
    {
      ...lane,
      displayName: 'fast',
      testPathIgnorePatterns: ['/node_modules/', ...slow.map((file) => `${file.replaceAll('.', '\\.')}$`)],
    },
    { ...lane, displayName: 'slow', testMatch: slow.length > 0 ? slow : ['<rootDir>/none'] },
  ],
};
