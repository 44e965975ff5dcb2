'use strict';

// End-to-end tests: a real Chromium (Debian's package) against the demo app that scripts/e2e.js
// starts. Separate from `npm test` because they need the demo's admin build and a browser.
module.exports = {
  testTimeout: 120000,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/tests/e2e/**/*.e2e.ts'],
  transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
};
