import type { NodeRecord } from '@ferrum/contracts';
import { InvalidParameterValue } from '@ferrum/errors';
import { InspectorInspect } from './inspector-inspect';
import type { InspectorPort } from './inspector.port';

describe('inspector inspect interface', () => {
  const task = { node: { uuid: '1be26c0b-03f2-4d2e-ae87-c02d7f33c123' } as NodeRecord, shared: false as const };
  /** A fake inspector that records the calls it gets. */
  const port = () => {
    const calls: unknown[][] = [];
    const fake: InspectorPort & { calls: unknown[][] } = {
      calls,
      start: async (...args) => void calls.push(['start', ...args]),
      abort: async (...args) => void calls.push(['abort', ...args]),
      status: async (...args) => (calls.push(['status', ...args]), { finished: true, error: null }),
    };
    return fake;
  };

  it('starts introspection with managed boot and leaves the node waiting', async () => {
    const p = port();
    expect(await new InspectorInspect(p).inspectHardware(task)).toBe('wait');
    expect(p.calls).toEqual([['start', task.node.uuid, { manageBoot: true, dialect: 'inspector' }]]);
  });

  it('aborts and reads the status through the inspector', async () => {
    const p = port();
    const iface = new InspectorInspect(p);
    await iface.abortInspection(task);
    expect(await iface.inspectionStatus(task)).toEqual({ finished: true, error: null });
    expect(p.calls).toEqual([
      ['abort', task.node.uuid],
      ['status', task.node.uuid],
    ]);
  });

  it('fails validation (and so the inspect request) when the conductor has no inspector', async () => {
    await expect(new InspectorInspect(undefined).validate(task)).rejects.toThrow(InvalidParameterValue);
    await expect(new InspectorInspect(undefined).inspectHardware(task)).rejects.toThrow('FERRUM_INSPECTOR_ENABLED=false');
  });
});
