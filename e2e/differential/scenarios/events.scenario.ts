import type { Scenario, Step } from '../step';

const post = (name: string, body: unknown, version = '1.54'): Step => ({ name, method: 'POST', path: '/v1/events', version, body: body as Step['body'] });
const bind = {
  event: 'network.bind_port',
  port_id: '11111111-2222-4333-8444-555555555555',
  mac_address: '52:54:00:12:34:56',
  status: 'ACTIVE',
  device_id: '66666666-7777-4888-8999-000000000000',
  'binding:host_id': '66666666-7777-4888-8999-000000000000',
  'binding:vnic_type': 'baremetal',
};

/** External events (1.54): accepted when well-formed, each check in Ironic's words. */
export const eventsScenario: Scenario = {
  name: 'events',
  steps: [
    post('a bind event', { events: [bind] }),
    post('three events', { events: [bind, { ...bind, event: 'network.unbind_port' }, { ...bind, event: 'network.delete_port', device_id: null }] }),
    post('at 1.53', { events: [bind] }, '1.53'),
    post('no events', { events: [] }),
    post('no body', undefined),
    post('an unknown event', { events: [{ ...bind, event: 'network.frobnicate' }] }),
    post('an event without its port', { events: [{ event: 'network.bind_port', mac_address: '52:54:00:12:34:56', status: 'ACTIVE' }] }),
    post('an event with an extra key', { events: [{ ...bind, colour: 'red' }] }),
    post('a bad port id', { events: [{ ...bind, port_id: 'not-a-uuid' }] }),
    post('a bad MAC', { events: [{ ...bind, mac_address: 'zz' }] }),
    post('a bad device id', { events: [{ ...bind, device_id: 'x' }] }),
    post('an unknown top-level key', { events: [bind], more: 1 }),
    { name: 'list the events (no such route)', method: 'GET', path: '/v1/events', version: '1.54' },
  ],
};
