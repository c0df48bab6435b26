import type { ResourceEvent } from '@ferrum/contracts';
import { movesPxeFilter } from './pxe-filter.service';

const event = (type: ResourceEvent['type'], changed?: string[]) => ({ type, data: changed ? { changed } : {} });

describe('movesPxeFilter: the changes the inspector syncs the PXE filter on as they happen', () => {
  it('a node changing provision state, coming or going, and any port change', () => {
    expect(movesPxeFilter(event('node.updated', ['provision_state', 'target_provision_state']))).toBe(true);
    expect(movesPxeFilter(event('node.created'))).toBe(true);
    expect(movesPxeFilter(event('node.deleted'))).toBe(true);
    for (const type of ['port.created', 'port.updated', 'port.deleted'] as const) expect(movesPxeFilter(event(type))).toBe(true);
  });

  it('not the rest: power, reservations, maintenance, inspections, allocations, conductors', () => {
    expect(movesPxeFilter(event('node.updated', ['power_state']))).toBe(false);
    expect(movesPxeFilter(event('node.updated', ['reservation', 'maintenance']))).toBe(false);
    expect(movesPxeFilter(event('node.updated'))).toBe(false);
    for (const type of ['inspection.updated', 'allocation.created', 'conductor.lost'] as const) expect(movesPxeFilter(event(type))).toBe(false);
  });
});
