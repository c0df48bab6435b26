// Lint for the whole workspace: type-aware typescript-eslint rules plus Nx module boundaries (STYLE §2, §5, §9).
import { createRequire } from 'node:module';
import { defineConfig } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';

// enforce-module-boundaries reads the project graph from Nx's cache and, when there is none (a fresh
// clone running plain `eslint .`), skips itself with only a warning. Build or refresh the cache first
// so the rule cannot pass silently. No daemon: nothing may outlive the lint run.
process.env.NX_DAEMON ??= 'false';
const { createProjectGraphAsync } = createRequire(import.meta.resolve('@nx/eslint-plugin'))('@nx/devkit');
await createProjectGraphAsync({ exitOnError: true });

const SERVER_AND_BUS = ['@nestjs/*', '@nats-io/*', 'typeorm', 'typeorm-pglite', 'fastify', '@fastify/*', 'express'];
const DATABASE = ['pg', '@electric-sql/*'];

/**
 * One constraint per tag, in both dimensions (STYLE §2). A project must satisfy the constraint of each of
 * its tags. Nx also forbids importing application projects outright; apps/ferrum (type:launcher) is allowed
 * here by tag and carries an eslint-disable with its reason at each app import.
 * type:testing appears in no list: non-spec code may never import the test harness (see the spec block below).
 */
export const depConstraints = [
  // type dimension: who may import which layer
  // The launcher may start the lab (libs/lab, a tool): `--role lab` runs it in a process of its own, beside Ferrum.
  { sourceTag: 'type:launcher', onlyDependOnLibsWithTags: ['type:app', 'type:adapter', 'type:domain', 'type:core', 'type:tool'] },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:adapter', 'type:domain', 'type:core'] },
  { sourceTag: 'type:adapter', onlyDependOnLibsWithTags: ['type:core'] },
  {
    sourceTag: 'type:domain',
    onlyDependOnLibsWithTags: ['type:core'],
    // Drivers may call BMCs over HTTP or run ipmitool; our own server, NATS, the ORM and the database stay out.
    bannedExternalImports: [...SERVER_AND_BUS, ...DATABASE],
  },
  // Driver plugins (libs/driver-example) build on the driver API like libs/drivers does. No constraint lists
  // type:plugin, so nothing imports a plugin: Ferrum loads it by package name (FERRUM_DRIVER_PLUGINS).
  {
    sourceTag: 'type:plugin',
    onlyDependOnLibsWithTags: ['type:domain', 'type:core'],
    bannedExternalImports: [...SERVER_AND_BUS, ...DATABASE],
  },
  { sourceTag: 'type:core', onlyDependOnLibsWithTags: ['type:core'], bannedExternalImports: [...SERVER_AND_BUS, ...DATABASE] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:adapter', 'type:domain', 'type:core'] },
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['*'] },
  // Tools (libs/bmc-emulator) run beside Ferrum, never inside it: only specs, e2e and benchmarks use them.
  // The lab (a tool) builds on the BMC emulator (another).
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:core', 'type:tool'], bannedExternalImports: [...SERVER_AND_BUS, ...DATABASE] },
  // scope dimension: where the code runs
  { sourceTag: 'scope:server', onlyDependOnLibsWithTags: ['scope:server', 'scope:shared'] },
  // The agent runs on the machine being provisioned: shared libs only, and none of the server stack.
  { sourceTag: 'scope:agent', onlyDependOnLibsWithTags: ['scope:shared'], bannedExternalImports: [...SERVER_AND_BUS, ...DATABASE] },
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
];

const boundaries = (extra = {}) => [
  'error',
  {
    depConstraints,
    // Specs import @ferrum/testing, and the harness imports the libs it sets up, so a cycle through
    // type:testing is made of spec-file edges; cycles among the other projects are still reported.
    // (Not '*': a testing→testing pair would also switch off the same-project checks inside libs/testing.)
    ignoredCircularDependencies: ['tag:type:adapter', 'tag:type:domain', 'tag:type:core'].map((tag) => ['tag:type:testing', tag]),
    ...extra,
  },
];

const DASHBOARD_JS = 'apps/api/src/dashboard/assets/*.js';
/** What the dashboard's modules may use of the browser (no globals package: the list is short and exact). */
const BROWSER_GLOBALS = Object.fromEntries(
  ['window', 'document', 'location', 'sessionStorage', 'fetch', 'Node', 'TextEncoder', 'TextDecoderStream', 'AbortController', 'URLSearchParams', 'btoa', 'setTimeout'].map((name) => [name, 'readonly']),
);

export default defineConfig(
  {
    ignores: ['**/dist/', '**/node_modules/', '**/tmp/', '**/.ferrum/', '**/coverage/', '**/.nx/', '**/*.js', '**/*.cjs', '**/*.mjs', '!' + DASHBOARD_JS],
  },
  {
    // The web dashboard's browser modules, served as written (no build step); their JSDoc types are checked by
    // tsc -p apps/api/src/dashboard/assets (npm run lint).
    files: [DASHBOARD_JS],
    extends: [js.configs.recommended],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: BROWSER_GLOBALS },
    rules: {
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Nothing the API returns may become markup: the pages build elements with dom.js's h(), never HTML strings.
      'no-restricted-properties': ['error', ...['innerHTML', 'outerHTML'].map((property) => ({ property, message: 'Build elements with h() (dom.js).' }))],
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.property.name='insertAdjacentHTML']", message: 'Build elements with h() (dom.js).' }],
    },
  },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    plugins: { '@nx': nx },
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@nx/enforce-module-boundaries': boundaries(),
      // A dropped promise is a node lock that is never released (STYLE §9).
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // Switches over codes, states and events are exhaustive (STYLE §5).
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      // Off: an async method without await is how an implementation keeps a Promise-returning interface
      // and turns its throws into rejections (InProcessTransport.close, FakePower.getPowerState, RPC handlers).
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // Specs and e2e may import the test harness (type:testing); nothing else may.
    files: ['**/*.spec.ts', 'e2e/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries({ allow: ['@ferrum/testing', '@ferrum/bmc-emulator'] }),
      // Tests read HTTP and CLI JSON bodies field by field and assert on them; typing every body
      // would restate the API in the tests. The assertions are the type check here.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  {
    // libs/errors sits under everything else and imports no other project (STYLE §2: "errors: nothing").
    files: ['libs/errors/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@ferrum/*'], message: 'libs/errors imports no other project.' }] }],
    },
  },
);
