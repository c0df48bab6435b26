// One Jest run for the whole workspace (cheaper on 2 cores than one run per Nx project):
// unit specs, integration specs (PostgreSQL/NATS, or the embedded fallbacks outside CI) and e2e.
const preset = require('./jest.preset');

module.exports = {
  // A global option: Jest ignores testTimeout inside `projects`. Unit specs finish in milliseconds anyway.
  testTimeout: 120000,
  reporters: ['default', '<rootDir>/tools/jest-summary-reporter.js'],
  projects: [
    {
      ...preset,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'],
      testPathIgnorePatterns: ['\\.int\\.spec\\.ts$', '/node_modules/'],
    },
    {
      ...preset,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs}/**/*.int.spec.ts'],
    },
    {
      ...preset,
      displayName: 'e2e',
      testMatch: ['<rootDir>/e2e/**/*.e2e.spec.ts'],
      testPathIgnorePatterns: ['/e2e/chaos/', '/node_modules/'],
    },
    {
      // Kills, outages and load bursts over several processes: npm test runs them on their own afterwards,
      // one file at a time, so they neither starve nor are starved by timing-sensitive suites (the IPMI simulators).
      ...preset,
      displayName: 'chaos',
      testMatch: ['<rootDir>/e2e/chaos/**/*.e2e.spec.ts'],
    },
    {
      // The container image and the Helm chart, checked against the build output (no Docker engine or helm here).
      ...preset,
      displayName: 'deploy',
      testMatch: ['<rootDir>/deploy/**/*.spec.ts'],
    },
  ],
};
