import type { PortRecord, PortgroupRecord } from '@ferrum/contracts';
import { NoFreePhysicalPorts, VifAlreadyAttached, VifNotAttached } from '@ferrum/errors';
import { attachVif, detachVif, listVifs } from './vif-attachments';

const port = (uuid: string, extra: Partial<PortRecord> = {}): PortRecord =>
  ({ uuid, address: `52:54:00:00:00:${uuid}`, internal_info: {}, extra: {}, pxe_enabled: false, portgroup_uuid: null, physical_network: null, ...extra }) as PortRecord;
const group = (uuid: string, extra: Partial<PortgroupRecord> = {}): PortgroupRecord => ({ uuid, internal_info: {}, extra: {}, ...extra }) as PortgroupRecord;

describe('VIF attachments (the flat network interface)', () => {
  it('prefers a group with members, then a PXE port, then any port, in node order', () => {
    expect(attachVif({ ports: [port('01'), port('02', { portgroup_uuid: 'g1' })], portgroups: [group('g1')] }, { id: 'v' })).toMatchObject({ kind: 'portgroup', uuid: 'g1', internal_info: { tenant_vif_port_id: 'v' } });
    expect(attachVif({ ports: [port('01'), port('02', { pxe_enabled: true }), port('03', { pxe_enabled: true })], portgroups: [] }, { id: 'v' })).toMatchObject({ kind: 'port', uuid: '02' });
    expect(attachVif({ ports: [port('01'), port('02')], portgroups: [group('empty')] }, { id: 'v' })).toMatchObject({ kind: 'port', uuid: '01' });
  });

  it('skips taken ports, offers the free members of a group one of whose members is taken, and honours port_uuid/portgroup_uuid', () => {
    const taken = { internal_info: { tenant_vif_port_id: 'other' } };
    const ports = [port('01', { ...taken, portgroup_uuid: 'g1' }), port('02', { portgroup_uuid: 'g1', pxe_enabled: true }), port('03')];
    expect(attachVif({ ports, portgroups: [group('g1')] }, { id: 'v' })).toMatchObject({ kind: 'port', uuid: '02' });
    expect(attachVif({ ports, portgroups: [group('g1')] }, { id: 'v', port_uuid: '03' })).toMatchObject({ kind: 'port', uuid: '03' });
    expect(attachVif({ ports: [port('01', { portgroup_uuid: 'g1' }), port('02')], portgroups: [group('g1')] }, { id: 'v', portgroup_uuid: 'g1' })).toMatchObject({ kind: 'portgroup', uuid: 'g1' });
  });

  it('refuses a VIF already attached, and one with no free port', () => {
    expect(() => attachVif({ ports: [port('01', { internal_info: { tenant_vif_port_id: 'v' } })], portgroups: [] }, { id: 'v' })).toThrow(VifAlreadyAttached);
    expect(() => attachVif({ ports: [port('01', { internal_info: { tenant_vif_port_id: 'w' } })], portgroups: [] }, { id: 'v' })).toThrow(NoFreePhysicalPorts);
    expect(() => attachVif({ ports: [], portgroups: [] }, { id: 'v' })).toThrow('Unable to attach VIF v, not enough free physical ports.');
  });

  it('lists ports then groups, and detaches from the holder (groups first), clearing the legacy extra key', () => {
    const ports = [port('01', { internal_info: { tenant_vif_port_id: 'a', other: 1 }, extra: { vif_port_id: 'a', keep: 2 } })];
    const portgroups = [group('g1', { internal_info: { tenant_vif_port_id: 'b' } })];
    expect(listVifs({ ports, portgroups })).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(detachVif({ ports, portgroups }, 'a', 'n1')).toEqual({ kind: 'port', uuid: '01', internal_info: { other: 1 }, extra: { keep: 2 } });
    expect(detachVif({ ports, portgroups }, 'b', 'n1')).toMatchObject({ kind: 'portgroup', uuid: 'g1', internal_info: {} });
    expect(() => detachVif({ ports, portgroups }, 'c', 'n1')).toThrow(VifNotAttached);
  });
});
