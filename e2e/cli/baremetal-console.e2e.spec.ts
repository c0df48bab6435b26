import { cliAgainstFerrum } from '../support/baremetal-cli';

/**
 * `baremetal node console enable / show / disable` (python-ironicclient, API states/console) against an
 * all-in-one Ferrum with fake hardware: the fake console (Ironic's FakeConsole) and a node with no-console.
 */
describe('real baremetal CLI: node console', () => {
  const ctx = cliAgainstFerrum('CLI console conformance', () => ({ FERRUM_ENABLED_HARDWARE_TYPES: 'fake-hardware' }));
  const { maybe } = ctx;
  const bm = (...args: string[]) => ctx.cli.bm(...args);
  const show = async (node: string): Promise<Record<string, unknown>> => bm('node', 'console', 'show', node);
  /** The console changes in the background (202): poll `console show` as a user would. */
  async function showUntil(node: string, enabled: boolean): Promise<Record<string, unknown>> {
    const end = Date.now() + 30_000;
    for (;;) {
      const state = await show(node);
      if (state.console_enabled === enabled || Date.now() > end) return state;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  maybe('enables, shows and disables the console of a fake-hardware node', async () => {
    await bm('node', 'create', '--driver', 'fake-hardware', '--name', 'console-cli');
    expect(await show('console-cli')).toEqual({ console_enabled: false, console_info: null });
    await bm('node', 'console', 'enable', 'console-cli');
    expect(await showUntil('console-cli', true)).toEqual({ console_enabled: true, console_info: {} });
    const node = await bm('node', 'show', 'console-cli', '--fields', 'console_enabled', 'console_interface', 'last_error');
    expect(node).toEqual({ console_enabled: true, console_interface: 'fake', last_error: null });
    await bm('node', 'console', 'disable', 'console-cli');
    expect(await showUntil('console-cli', false)).toEqual({ console_enabled: false, console_info: null });
  }, 120_000);

  maybe('reports a node without a console interface as Ironic does', async () => {
    await bm('node', 'create', '--driver', 'fake-hardware', '--name', 'console-none', '--console-interface', 'no-console');
    const result = await ctx.cli.run('node', 'console', 'enable', 'console-none');
    expect(result.code).not.toBe(0);
    expect(result.out).toContain('Driver fake-hardware does not support console (disabled or not implemented).');
    expect(result.out).toContain('HTTP 400');
    expect(await show('console-none')).toEqual({ console_enabled: false, console_info: null });
  }, 60_000);
});
