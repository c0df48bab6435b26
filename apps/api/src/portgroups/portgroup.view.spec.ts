import type { PortgroupRecord } from '@ferrum/contracts';
import { InvalidParameterValue } from '@ferrum/errors';
import { Links } from '../common/links';
import { PortgroupView, portgroupFields } from './portgroup.view';

/** What one group and a list item show, by served release (Ironic 32, 33, 35) and requested version. */
describe('PortgroupView', () => {
  const view = new PortgroupView(new Links('http://ironic.test'));
  const group: PortgroupRecord = {
    id: 1, uuid: '9d5b7c3e-7b7c-4b43-9b55-3f5b8d0c4a11', name: 'bond0', address: null, node_id: 1, node_uuid: '1be26c0b-03f2-4d2e-ae87-c02d7f33c123',
    extra: {}, internal_info: {}, mode: 'active-backup', properties: {}, standalone_ports_supported: true,
    physical_network: 'physnet1', category: 'storage', dynamic_portgroup: false, created_at: '2026-01-01T00:00:00.000000+00:00', updated_at: null,
  };
  const keys = (body: Record<string, unknown>) => ['mode', 'properties', 'physical_network', 'category', 'dynamic_portgroup'].filter((k) => k in body);

  it('knows the fields of the served release', () => {
    expect(portgroupFields(101)).not.toContain('physical_network');
    expect(portgroupFields(103)).toEqual(expect.arrayContaining(['physical_network', 'category']));
    expect(portgroupFields(110)).not.toContain('dynamic_portgroup');
    expect(portgroupFields(111)).toContain('dynamic_portgroup');
  });

  it('shows one group as the served release does: from Ironic 33 fields newer than the request are hidden, mode too', () => {
    expect(keys(view.render(group, undefined, { maximum: 101, version: 25 }))).toEqual(['mode', 'properties']);
    expect(keys(view.render(group, undefined, { maximum: 103, version: 25 }))).toEqual([]);
    expect(keys(view.render(group, undefined, { maximum: 103, version: 102 }))).toEqual(['mode', 'properties', 'physical_network']);
    expect(keys(view.render(group, undefined, { maximum: 111, version: 110 }))).toEqual(['mode', 'properties', 'physical_network', 'category']);
    expect(keys(view.render(group, undefined, { maximum: 111, version: 111 }))).toEqual(['mode', 'properties', 'physical_network', 'category', 'dynamic_portgroup']);
  });

  it('shows list items (no version) whole, and refuses fields the served release does not know', () => {
    expect(keys(view.render(group, undefined, { maximum: 111 }))).toEqual(['mode', 'properties', 'physical_network', 'category', 'dynamic_portgroup']);
    expect(() => view.render(group, ['category'], { maximum: 102 })).toThrow(InvalidParameterValue);
  });
});
