import { ESLint, Linter } from 'eslint';
import { join } from 'node:path';

// Proves eslint.config.mjs enforces STYLE §2 by linting snippets that pretend to live in a project.
// Type-aware rules are switched off here: the snippets are not on disk, so the TypeScript
// project service cannot load them, and only the boundary rules are under test.
const root = join(__dirname, '../../..');
const eslint = new ESLint({
  cwd: root,
  overrideConfig: {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: false, project: null } },
  },
  ruleFilter: ({ ruleId }) => ruleId === '@nx/enforce-module-boundaries' || ruleId === 'no-restricted-imports',
});

async function lint(filePath: string, code: string): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, filePath) });
  return result.messages;
}

describe('module boundaries', () => {
  it('refuses a driver importing persistence or the ORM', async () => {
    const messages = await lint(
      'libs/drivers/src/x.ts',
      "import { Repositories } from '@ferrum/persistence';\nimport { DataSource } from 'typeorm';\nexport type X = [Repositories, DataSource];\n",
    );
    expect(messages.map((m) => [m.line, m.ruleId, m.message])).toEqual([
      [1, '@nx/enforce-module-boundaries', expect.stringContaining('"type:domain" can only depend on libs tagged with "type:core"')],
      [2, '@nx/enforce-module-boundaries', 'A project tagged with "type:domain" is not allowed to import "typeorm"'],
    ]);
  });

  it('refuses a lib importing an app, and libs/errors importing any project', async () => {
    const messages = await lint('libs/errors/src/x.ts', "import { startApi } from '@ferrum/api';\nexport const x = startApi;\n");
    // Nx reports the cycle (api already imports errors) before the app import; either way it is refused.
    expect(messages.map((m) => [m.ruleId, m.message])).toEqual([
      ['@nx/enforce-module-boundaries', expect.stringMatching(/^(Imports of apps are forbidden|Circular dependency between "errors" and "api")/)],
      ['no-restricted-imports', expect.stringContaining('libs/errors imports no other project')],
    ]);
    const core = await lint('libs/errors/src/x.ts', "import { HashRing } from '@ferrum/hash-ring';\nexport const x = HashRing;\n");
    expect(core.map((m) => m.ruleId)).toEqual(['no-restricted-imports']);
  });

  it('refuses a core lib importing the database driver', async () => {
    const messages = await lint('libs/contracts/src/x.ts', "import { Client } from 'pg';\nexport const x = Client;\n");
    expect(messages.map((m) => m.message)).toEqual(['A project tagged with "type:core" is not allowed to import "pg"']);
  });

  it('refuses the agent importing a server lib', async () => {
    const messages = await lint('apps/agent/src/x.ts', "import { Repositories } from '@ferrum/persistence';\nexport type X = Repositories;\n");
    expect(messages.map((m) => m.message)).toEqual([
      expect.stringContaining('"scope:agent" can only depend on libs tagged with "scope:shared"'),
    ]);
  });

  it('keeps the test harness out of non-spec code but lets specs use it', async () => {
    const code = "import { createTestDatabase } from '@ferrum/testing';\nexport const x = createTestDatabase;\n";
    expect((await lint('apps/conductor/src/x.ts', code)).map((m) => m.message)).toEqual([
      expect.stringContaining('"type:app" can only depend on libs tagged with'),
    ]);
    expect(await lint('apps/conductor/src/x.spec.ts', code)).toEqual([]);
  });

  it('lets the launcher import apps by tag, leaving only Nx\'s built-in app-import check to disable', async () => {
    const messages = await lint('apps/ferrum/src/x.ts', "import { startInspector } from '@ferrum/inspector';\nexport const x = startInspector;\n");
    expect(messages.map((m) => m.message)).toEqual(['Imports of apps are forbidden']);
  });

  it('keeps driver plugins on the driver API and out of static imports', async () => {
    const plugin = await lint('libs/driver-example/src/x.ts', "import { Repositories } from '@ferrum/persistence';\nexport type X = Repositories;\n");
    expect(plugin.map((m) => m.message)).toEqual([expect.stringContaining('"type:plugin" can only depend on libs tagged with "type:domain", "type:core"')]);
    const conductor = await lint('apps/conductor/src/x.ts', "import plugin from '@ferrum/driver-example';\nexport const x = plugin;\n");
    expect(conductor.map((m) => m.message)).toEqual([expect.stringContaining('"type:app" can only depend on libs tagged with')]);
  });

  it('lets a driver import a core lib', async () => {
    const messages = await lint('libs/drivers/src/x.ts', "import { NodeLocked } from '@ferrum/errors';\nexport const x = NodeLocked;\n");
    expect(messages).toEqual([]);
  });
});
