'use strict';

// Two projects: unit tests need no Strapi and run in milliseconds; integration tests boot a
// real Strapi app against the database named by JOURNEY_TEST_DB (see scripts/test.js).
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }];
// The client imports its own modules as './x.js', as ESM in a browser needs; jest finds the .ts.
const moduleNameMapper = { '^(\\.{1,2}/.*)\\.js$': '$1' };

module.exports = {
  testTimeout: 120000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/tests/unit/**/*.test.ts'],
      transform: { '^.+\\.tsx?$': tsJest },
      moduleNameMapper,
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/tests/integration/**/*.test.ts'],
      transform: { '^.+\\.tsx?$': tsJest },
      moduleNameMapper,
    },
  ],
};
