// Shared Jest settings: swc compiles TypeScript (with decorator metadata, which Nest and TypeORM need);
// @ferrum/* resolves to the libs' sources, as in tsconfig.base.json.
const { compilerOptions } = require('./tsconfig.base.json');

const moduleNameMapper = {
  ...Object.fromEntries(
    Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, `<rootDir>/${target}`]),
  ),
  // Plugins are loaded by package name, never imported, so they have no tsconfig path; in tests they
  // must come from source too, or their errors would be other classes than the ones the specs expect.
  '^@ferrum/driver-example$': '<rootDir>/libs/driver-example/src/index.ts',
};

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  moduleNameMapper,
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
          keepClassNames: true,
        },
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  setupFiles: ['<rootDir>/libs/testing/src/setup-reflect.js'],
};
