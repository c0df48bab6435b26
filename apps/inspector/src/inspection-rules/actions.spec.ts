import { applyInspectionRules } from './engine';
import { RuleFailed } from './errors';
import { rule, target } from './rule-fixtures.spec-helper';
import type { LogLevel, RuleAction, RuleTarget } from './types';

async function run(actions: RuleAction[], t: RuleTarget = target(), logs: string[] = []) {
  return applyInspectionRules([rule(actions)], t, 'main', { log: (level: LogLevel, msg: string) => logs.push(`${level}: ${msg}`) });
}

async function failure(actions: RuleAction[], t: RuleTarget = target()): Promise<RuleFailed> {
  const err = await run(actions, t).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RuleFailed);
  return err as RuleFailed;
}

describe('rule actions', () => {
  describe('fail', () => {
    it('fails inspection with its message, not interpolated outside loops (FORMATTED_ARGS is empty)', async () => {
      const err = await failure([{ op: 'fail', args: { msg: 'No way: {node.driver}' } }]);
      expect(err.message).toBe('No way: {node.driver}');
      expect(err.ironicMessage).toBe('Failed to inspect hardware. Reason: No way: {node.driver}');
      expect(err.kind).toBe('fail');
    });

    it('stops the rule: later actions do not run', async () => {
      const logs: string[] = [];
      await expect(run([{ op: 'fail', args: ['stop'] }, { op: 'log', args: { msg: 'after' } }], target(), logs)).rejects.toThrow('stop');
      expect(logs).not.toContain('info: after');
    });
  });

  describe('log', () => {
    it('logs the interpolated message at the given level (info by default)', async () => {
      const logs: string[] = [];
      await run(
        [
          { op: 'log', args: { msg: 'cpus={inventory[cpu][count]}' } },
          { op: 'log', args: { msg: 'node {node.name}', level: 'WARNING' } },
        ],
        target(),
        logs,
      );
      expect(logs).toEqual(expect.arrayContaining(['info: cpus=4', 'warning: node node-1']));
    });

    it('refuses an unknown level', async () => {
      const err = await failure([{ op: 'log', args: { msg: 'x', level: 'loud' } }]);
      expect(err.message).toBe("Invalid log level: loud. Choose from {'debug', 'info', 'warning', 'error', 'critical'}");
    });
  });

  describe('set-attribute', () => {
    it('sets nested values with slash or dot paths, creating dicts on the way, and reports whole fields', async () => {
      const out = await run([
        { op: 'set-attribute', args: { path: '/driver_info/ipmi_address', value: '{inventory[bmc_address]}' } },
        { op: 'set-attribute', args: { path: 'properties.deep.er', value: { k: '{inventory[cpu][architecture]}' } } },
        { op: 'set-attribute', args: { path: '/driver', value: 'redfish' } },
      ]);
      expect(out.node).toEqual({
        driver_info: { ipmi_address: '192.168.1.100' },
        properties: { cpus: 4, capabilities: 'boot_mode:bios', deep: { er: { k: 'x86_64' } } },
        driver: 'redfish',
      });
    });

    it('does not report a value set to what it was', async () => {
      const out = await run([{ op: 'set-attribute', args: { path: '/properties/cpus', value: 4 } }]);
      expect(out.node).toEqual({});
    });

    it.each([
      ['/uuid', 'x', 'Cannot overwrite UUID for an existing Node.'],
      ['/id', 5, "Field 'id' is read-only"],
      ['/no_such_field', 1, "'Node' object has no attribute 'no_such_field'"],
      ['/driver/sub', 1, "'str' object does not support item assignment"],
      ['/driver/sub/key', 1, "'str' object has no attribute 'setdefault'"],
      ['/properties', 'text', 'A dict is required in field properties, not a str'],
    ])('refuses %s', async (path, value, reason) => {
      const err = await failure([{ op: 'set-attribute', args: { path, value } }]);
      expect(err.message).toBe(`Inspection rule action execution failed. Reason: Failed to set attribute ${path} with value ${String(value)}: ${reason}`);
    });
  });

  describe('extend-attribute', () => {
    it('appends to a list, creating it when missing, optionally only once', async () => {
      const out = await run([
        { op: 'extend-attribute', args: { path: '/extra/tags', value: 'b' } },
        { op: 'extend-attribute', args: { path: '/extra/tags', value: 'a', unique: true } },
        { op: 'extend-attribute', args: { path: '/extra/tags', value: 'a' } },
        { op: 'extend-attribute', args: { path: '/extra/new', value: [1, 2] } },
      ]);
      expect(out.node).toEqual({ extra: { tags: ['a', 'b', 'a'], new: [[1, 2]] } });
    });

    it('refuses a non-list, with upstream doubly wrapped text', async () => {
      const err = await failure([{ op: 'extend-attribute', args: { path: 'driver', value: 'new_item' } }]);
      expect(err.message).toBe(
        'Inspection rule action execution failed. Reason: Failed to extend attribute driver: ' +
          'Inspection rule action execution failed. Reason: Cannot extend non-list attribute driver with value new_item',
      );
    });
  });

  describe('del-attribute', () => {
    it('removes a nested key', async () => {
      const out = await run([{ op: 'del-attribute', args: { path: '/driver_info/ipmi_address' } }]);
      expect(out.node).toEqual({ driver_info: {} });
    });

    it('nulls a whole field', async () => {
      const out = await run([{ op: 'del-attribute', args: { path: 'name' } }]);
      expect(out.node).toEqual({ name: null });
    });

    it('fails on a missing key, as upstream code does', async () => {
      const err = await failure([{ op: 'del-attribute', args: { path: '/extra/missing' } }]);
      expect(err.message).toBe("Inspection rule action execution failed. Reason: Failed to delete attribute at /extra/missing: 'missing'");
    });
  });

  describe('capabilities', () => {
    it('appends key:value entries (an existing key is not replaced, as upstream) and removes all entries of a key', async () => {
      const out = await run([
        { op: 'set-capability', args: { name: 'cpu_vt', value: 'true' } },
        { op: 'set-capability', args: { name: 'boot_mode', value: 'uefi' } },
        { op: 'unset-capability', args: { name: 'cpu_vt' } },
      ]);
      expect(out.node).toEqual({ properties: { cpus: 4, capabilities: 'boot_mode:bios,boot_mode:uefi' } });
    });

    it('starts a capabilities string when there is none', async () => {
      const t = target();
      t.node.properties = {};
      const out = await run([{ op: 'set-capability', args: { name: 'boot_mode', value: 'uefi' } }], t);
      expect(out.node).toEqual({ properties: { capabilities: 'boot_mode:uefi' } });
    });

    it('refuses a value that is not a string, as str.join does', async () => {
      const err = await failure([{ op: 'set-capability', args: { name: 'cpus', value: 4 } }]);
      expect(err.message).toBe(
        'Inspection rule action execution failed. Reason: Failed to set capability cpus: sequence item 1: expected str instance, int found',
      );
    });
  });

  describe('traits', () => {
    it('adds valid traits and removes present ones', async () => {
      const out = await run([
        { op: 'add-trait', args: { name: 'CUSTOM_GPU' } },
        { op: 'add-trait', args: { name: 'HW_CPU_X86_AVX2' } },
        { op: 'add-trait', args: { name: 'CUSTOM_GPU' } },
        { op: 'remove-trait', args: { name: 'CUSTOM_EXISTING' } },
      ]);
      expect(out.traits).toEqual({ add: ['CUSTOM_GPU', 'HW_CPU_X86_AVX2'], remove: ['CUSTOM_EXISTING'] });
      expect(out.node).toEqual({});
    });

    it('only warns when removing a trait the node does not have', async () => {
      const logs: string[] = [];
      const out = await run([{ op: 'remove-trait', args: { name: 'CUSTOM_NOPE' } }], target(), logs);
      expect(out.traits).toEqual({ add: [], remove: [] });
      expect(logs.some((l) => l.startsWith("warning: Failed to remove trait CUSTOM_NOPE: Node 1be26c0b-03f2-4d2e-ae87-c02d7f33c123 doesn't have a trait"))).toBe(true);
    });

    it('refuses an invalid trait name', async () => {
      const err = await failure([{ op: 'add-trait', args: { name: 'custom_lower' } }]);
      expect(err.message).toBe(
        "Inspection rule action execution failed. Reason: Failed to add new trait custom_lower: 'custom_lower' is not valid under any of the given schemas",
      );
    });

    it('refuses more than 50 traits', async () => {
      const t = target();
      t.node.traits = Array.from({ length: 50 }, (_, i) => `CUSTOM_T${i}`);
      const err = await failure([{ op: 'add-trait', args: { name: 'CUSTOM_ONE_MORE' } }], t);
      expect(err.message).toContain('would exceed the maximum number of traits per node (51 vs. 50)');
    });
  });

  describe('plugin data', () => {
    it('sets, extends and unsets dotted paths', async () => {
      const t = target();
      const out = await run(
        [
          { op: 'set-plugin-data', args: { path: 'a.b', value: '{inventory[cpu][count]}' } },
          { op: 'extend-plugin-data', args: { path: 'list', value: 1 } },
          { op: 'extend-plugin-data', args: { path: 'list', value: 1, unique: true } },
          { op: 'extend-plugin-data', args: { path: 'list', value: 2 } },
          { op: 'unset-plugin-data', args: { path: 'plugin' } },
          { op: 'unset-plugin-data', args: { path: 'nested.keep' } },
        ],
        t,
      );
      expect(out.plugin_data).toEqual({ auto_discovered: true, nested: { password: 'pw' }, a: { b: '4' }, list: [1, 2] });
      // The caller's plugin data is untouched.
      expect(t.plugin_data).toEqual(target().plugin_data);
    });

    it('removes a dict left empty by unset (one level up, as upstream)', async () => {
      const out = await run([
        { op: 'set-plugin-data', args: { path: 'x.y', value: 1 } },
        { op: 'unset-plugin-data', args: { path: 'x.y' } },
      ]);
      expect(out.plugin_data).not.toHaveProperty('x');
    });

    it('only warns when unsetting a missing path', async () => {
      const logs: string[] = [];
      const out = await run([{ op: 'unset-plugin-data', args: { path: 'no.such' } }], target(), logs);
      expect(out.plugin_data).toEqual(target().plugin_data);
      expect(logs).toContain('warning: Path no.such not found');
    });

    it('refuses to extend a value that is not a list', async () => {
      const err = await failure([{ op: 'extend-plugin-data', args: { path: 'plugin', value: 1 } }]);
      expect(err.message).toBe(
        "Inspection rule action execution failed. Reason: Failed to extend plugin data at plugin: 'str' object has no attribute 'append'",
      );
    });
  });

  describe('port attributes', () => {
    it('sets, extends and deletes port fields, reported by address', async () => {
      const out = await run([
        { op: 'set-port-attribute', args: { port_id: '4f1d0c8e-8a52-4f6e-9c7b-2b8f8a0c0a01', path: '/extra/role', value: 'pxe' } },
        { op: 'set-port-attribute', args: { port_id: '52:54:00:12:34:56', path: 'physical_network', value: 'physnet1' } },
        { op: 'extend-port-attribute', args: { port_id: '4f1d0c8e-8a52-4f6e-9c7b-2b8f8a0c0a02', path: 'extra/list', value: 2 } },
        { op: 'del-port-attribute', args: { port_id: '4f1d0c8e-8a52-4f6e-9c7b-2b8f8a0c0a02', path: 'extra/list' } },
        { op: 'set-port-attribute', args: { port_id: '4f1d0c8e-8a52-4f6e-9c7b-2b8f8a0c0a02', path: 'pxe_enabled', value: true } },
      ]);
      expect(out.ports).toEqual([
        { address: '52:54:00:12:34:56', changes: { extra: { role: 'pxe' }, physical_network: 'physnet1' } },
        { address: '52:54:00:ab:cd:ef', changes: { extra: {}, pxe_enabled: true } },
      ]);
    });

    it('fails with PortNotFound for an unknown port', async () => {
      const err = await failure([{ op: 'set-port-attribute', args: { port_id: 'nope', path: 'extra', value: {} } }]);
      expect(err.message).toBe('Port nope could not be found.');
      expect(err.kind).toBe('error');
    });

    it('refuses to change the port uuid', async () => {
      const err = await failure([{ op: 'set-port-attribute', args: { port_id: '52:54:00:12:34:56', path: 'uuid', value: 'x' } }]);
      expect(err.message).toBe(
        'Inspection rule action execution failed. Reason: Failed to set attribute uuid for port 52:54:00:12:34:56: ' +
          'Cannot overwrite UUID for an existing Port.',
      );
    });

    it('refuses to extend a non-list, with upstream text (double space included)', async () => {
      const err = await failure([{ op: 'extend-port-attribute', args: { port_id: '52:54:00:12:34:56', path: 'address', value: 'x' } }]);
      expect(err.message).toContain('Cannot extend non-list attribute address with  value x');
    });
  });

  it('accepts positional arguments', async () => {
    const out = await run([
      { op: 'set-attribute', args: ['/extra/pos', 'itional'] },
      { op: 'extend-plugin-data', args: ['items', 'a', true] },
    ]);
    expect(out.node).toEqual({ extra: { tags: ['a'], pos: 'itional' } });
    expect(out.plugin_data.items).toEqual(['a']);
  });
});
