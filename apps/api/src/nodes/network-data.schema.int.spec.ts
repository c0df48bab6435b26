import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { inCI } from '@ferrum/testing';
import { DEFINITIONS, NETWORK_DATA } from './network-data.schema';
import { nodeCreateSchema, validateNodeBody } from './node-body.schema';

const PYTHON = '/usr/bin/python3';
const IRONIC_SCHEMA = '/usr/lib/python3/dist-packages/ironic/api/controllers/v1/network-data-schema.json';

const MAC = '52:54:00:12:34:56';
const link = { id: 'l0', type: 'phy', ethernet_mac_address: MAC };
const v4 = { id: 'n0', type: 'ipv4', link: 'l0', network_id: 'net', ip_address: '10.0.0.2', netmask: '255.255.255.0' };
const v6 = { id: 'n1', type: 'ipv6', link: 'l0', network_id: 'net', ip_address: 'fd00::2/64', netmask: 'ffff:ffff:ffff:ffff::' };
const doc = (over: Record<string, unknown>) => ({ links: [link], networks: [v4], services: [{ type: 'dns', address: '8.8.8.8' }], ...over });

/** network_data values a user might send, good and bad; each is judged by both validators. */
const CASES: unknown[] = [
  null,
  {},
  doc({}),
  doc({ networks: [v4, v6], services: [{ type: 'dns', address: '2001:4860:4860::8888' }] }),
  doc({ links: [link, { id: 'b0', type: 'bond', ethernet_mac_address: MAC, bond_mode: '802.1ad', bond_links: ['l0'] }] }),
  doc({ links: [{ id: 'v0', type: 'vlan', vlan_mac_address: MAC, vlan_link: 'l0', vlan_id: 42, mtu: 1500 }] }),
  doc({ networks: [{ ...v4, routes: [{ network: '0.0.0.0', netmask: '0.0.0.0', gateway: '10.0.0.1' }] }] }),
  { links: [] },
  { foo: 1 },
  'x',
  [],
  5,
  doc({ links: 5 }),
  doc({ links: [{ id: 'l0' }] }),
  doc({ links: [{ ...link, ethernet_mac_address: 'zz' }] }),
  doc({ links: [{ ...link, ethernet_mac_address: '52-54-00-AB-cd-EF' }] }),
  doc({ links: [{ ...link, mtu: 0 }] }),
  doc({ links: [{ ...link, mtu: 70000 }] }),
  doc({ links: [{ ...link, type: 'ethernet' }] }),
  doc({ links: [{ id: 'b0', type: 'bond', ethernet_mac_address: MAC, bond_mode: 'lacp', bond_links: [] }] }),
  doc({ links: [{ id: 'v0', type: 'vlan', vlan_mac_address: MAC, vlan_link: 'l0', vlan_id: '42' }] }),
  doc({ networks: [{ id: 'n0', type: 'ipv4' }] }),
  doc({ networks: [{ ...v4, ip_address: '300.0.0.1' }] }),
  doc({ networks: [{ ...v4, netmask: '255.0.255.0' }] }),
  doc({ networks: [{ ...v6, ip_address: 'fd00::zz' }] }),
  doc({ networks: [{ ...v4, type: 'ipv6' }] }),
  doc({ networks: [{ ...v4, routes: [{ network: '0.0.0.0', netmask: '0.0.0.0' }] }] }),
  doc({ networks: [{ ...v4, routes: [{ network: '0.0.0.0', netmask: '0.0.0.0', gateway: 'fd00::1' }] }] }),
  doc({ services: [{ type: 'dns' }] }),
  doc({ services: [{ type: 'ntp', address: '10.0.0.1' }] }),
  doc({ services: 'dns' }),
  { links: [link], networks: [] },
];

function ironicVerdicts(): (string | null)[] | undefined {
  const script = `
import json, sys
from ironic.conf import CONF
CONF([], project='ironic')
from ironic.common import args, exception
from ironic.api.controllers.v1 import node
schema = node.node_schema()
out = []
for value in json.load(sys.stdin):
    try:
        args._validate_schema('node', {'driver': 'fake-hardware', 'network_data': value}, schema)
        out.append(None)
    except exception.InvalidParameterValue as e:
        out.append(str(e))
print(json.dumps(out))
`;
  try {
    return JSON.parse(execFileSync(PYTHON, ['-c', script], { input: JSON.stringify(CASES), encoding: 'utf8', stdio: ['pipe', 'pipe', 'ignore'] }));
  } catch {
    return undefined;
  }
}

function ferrumVerdict(value: unknown): string | null {
  try {
    validateNodeBody({ driver: 'fake-hardware', network_data: value }, 'node', nodeCreateSchema);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Ironic's schema without what does not validate (descriptions, examples, ids), in its key order. */
function ironicSchema(): unknown {
  const ANNOTATIONS = ['description', 'title', 'examples', '$id', 'id', '$schema'];
  const byName = (x: object) => Object.fromEntries(Object.entries(x).map(([k, v]) => [k, strip(v)]));
  const strip = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(strip);
    if (x && typeof x === 'object') {
      // Keys of `properties` and `definitions` are names (a property may be called "id"), not keywords.
      return Object.fromEntries(
        Object.entries(x)
          .filter(([k]) => !ANNOTATIONS.includes(k))
          .map(([k, v]) => [k, k === 'properties' || k === 'definitions' ? byName(v as object) : strip(v)]),
      );
    }
    return x;
  };
  return strip(JSON.parse(execFileSync(PYTHON, ['-c', `import json; print(json.dumps(json.load(open(${JSON.stringify(IRONIC_SCHEMA)}))))`], { encoding: 'utf8' })));
}

describe("a node's network_data", () => {
  const installed = existsSync(PYTHON) && existsSync(IRONIC_SCHEMA);
  const skip = () => {
    // .ci/run installs python3-ironic.
    if (inCI()) throw new Error('python3-ironic is required under CI=true');
    return true;
  };

  it("is checked by the same rules as Ironic's schema, keyword for keyword and in its order", () => {
    if (!installed && skip()) return;
    const { definitions, ...top } = ironicSchema() as Record<string, unknown>;
    expect(JSON.stringify(NETWORK_DATA)).toEqual(JSON.stringify(top));
    expect(JSON.stringify(DEFINITIONS)).toEqual(JSON.stringify(definitions));
  });

  it('is accepted or refused exactly as Ironic accepts or refuses it, with its words', () => {
    if (!installed && skip()) return;
    const expected = ironicVerdicts();
    if (!expected) throw new Error("Ironic's validator could not be run");
    const refused = expected.filter((v) => v !== null).length;
    expect(refused).toBeGreaterThan(15);
    expect(CASES.map(ferrumVerdict)).toEqual(expected);
  });
});
