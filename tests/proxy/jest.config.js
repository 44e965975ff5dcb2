'use strict';

// `npm run test:proxy`: a real Varnish in front of a real Strapi (needs Debian's varnish).
module.exports = {
  rootDir: '../..',
  testTimeout: 180000,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/tests/proxy/**/*.test.ts'],
  transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
};
