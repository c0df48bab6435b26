import type { PortRecord } from '@ferrum/contracts';
import type { IntrospectionData } from '../introspection-data';
import { planPorts } from './ports.hook';

const port = (address: string, pxe_enabled = true) => ({ uuid: `p-${address}`, address, pxe_enabled }) as PortRecord;
const data = (): IntrospectionData =>
  ({
    interfaces: { eth0: { mac: '52:54:00:00:00:01', pxe: true }, eth1: { mac: '52:54:00:00:00:02', pxe: false, client_id: 'ff:00' } },
    all_interfaces: { eth0: { mac: '52:54:00:00:00:01' }, eth1: { mac: '52:54:00:00:00:02' }, eth2: { mac: '52:54:00:00:00:03' } },
    macs: ['52:54:00:00:00:01'],
  }) as unknown as IntrospectionData;

describe('validate_interfaces port plan', () => {
  it('adds a port per new NIC (pxe only for the boot NIC, client-id kept) and leaves existing ones alone', () => {
    const plan = planPorts([port('52:54:00:00:00:01')], 'inspect wait', data(), { keepPorts: 'all', overwrite: false });
    expect(plan).toEqual({ add: [{ address: '52:54:00:00:00:02', pxe_enabled: false, extra: { 'client-id': 'ff:00' } }], set_pxe: [], remove: [] });
  });

  it('fixes pxe_enabled of existing ports only when overwriting', () => {
    const existing = [port('52:54:00:00:00:01', false), port('52:54:00:00:00:02', true)];
    expect(planPorts(existing, 'inspect wait', data(), { keepPorts: 'all', overwrite: false }).set_pxe).toEqual([]);
    expect(planPorts(existing, 'inspect wait', data(), { keepPorts: 'all', overwrite: true }).set_pxe).toEqual([
      { address: '52:54:00:00:00:01', pxe_enabled: true },
      { address: '52:54:00:00:00:02', pxe_enabled: false },
    ]);
  });

  it('removes ports per keep_ports: present keeps every NIC seen, added keeps only the selected ones; never on active nodes', () => {
    const existing = [port('52:54:00:00:00:01'), port('52:54:00:00:00:03'), port('52:54:00:00:00:99')];
    expect(planPorts(existing, 'inspect wait', data(), { keepPorts: 'present', overwrite: false }).remove).toEqual(['52:54:00:00:00:99']);
    expect(planPorts(existing, 'inspect wait', data(), { keepPorts: 'added', overwrite: false }).remove).toEqual(['52:54:00:00:00:03', '52:54:00:00:00:99']);
    expect(planPorts(existing, 'active', data(), { keepPorts: 'added', overwrite: false }).remove).toEqual([]);
  });
});
