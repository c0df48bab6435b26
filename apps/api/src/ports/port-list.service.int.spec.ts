import type { Repositories } from '@ferrum/persistence';
import type { ConductorRouter } from '@ferrum/transport';
import type { ApiConfig } from '../api.config';
import { Authorizer } from '../common/authorizer';
import { Links } from '../common/links';
import { NodeLookup } from '../nodes/node-lookup';
import { PortgroupService } from '../portgroups/portgroup.service';
import { PortgroupView } from '../portgroups/portgroup.view';
import { ApiHarness, startApiHarness } from '../testing/api-harness';
import { CONFIG, ROUTER } from '../tokens';
import { PortListService } from './port-list.service';
import { PortView } from './port.view';
import { requestAt, refusal } from '../testing/service-calls';

/**
 * Port and port group list filters of releases past Ferrum's advertised maximum, through the services:
 * ?description_contains (1.97) and ?conductor_groups (1.99). Ironic checks neither against the request's
 * version, only the release has them. The real database; texts are Ironic's.
 */
const request = requestAt;
const scope = { path: 'ports', detailPath: true };

const failure = refusal;

describe('port and port group list filters past the advertised maximum', () => {
  let api: ApiHarness;
  let repos: Repositories;
  const nodes: Record<string, { uuid: string }> = {};
  const ports: Record<string, string> = {};
  const groups: Record<string, string> = {};

  const portLister = (maximum: number) => {
    const Serving = class extends PortListService {
      protected override servedMaximum(): number {
        return maximum;
      }
    };
    return new Serving(api.app.get<ApiConfig>(CONFIG), repos, api.app.get(NodeLookup), api.app.get(PortView), api.app.get(Links), api.app.get(Authorizer));
  };
  const groupLister = (maximum: number) => {
    const Serving = class extends PortgroupService {
      protected override servedMaximum(): number {
        return maximum;
      }
    };
    return new Serving(
      api.app.get<ApiConfig>(CONFIG), repos, api.app.get<ConductorRouter>(ROUTER), api.app.get(NodeLookup), api.app.get(PortgroupView), api.app.get(Links), api.app.get(Authorizer),
    );
  };
  const listPorts = async (args: Record<string, string>, maximum = 101, version = 1) =>
    (await portLister(maximum).list(request(version), args, scope)).ports.map((p) => p.uuid as string).sort();
  const listGroups = async (args: Record<string, string>, maximum = 101, version = 1) =>
    (await groupLister(maximum).list(request(version), args, true)).portgroups.map((g) => g.uuid as string).sort();
  const only = (...names: string[]) => names.map((n) => ports[n]).sort();

  beforeAll(async () => {
    api = await startApiHarness();
    repos = api.db.repos;
    let mac = 0;
    for (const [name, group] of [['east', 'rack-east'], ['west', 'rack-west'], ['none', '']]) {
      nodes[name] = await api.createNode();
      const pg = await api.request('POST', '/v1/portgroups', { body: { node_uuid: nodes[name].uuid, name: `bond-${name}` } });
      groups[name] = pg.json().uuid;
      for (const [suffix, description] of [['a', 'Uplink to Spine 1'], ['b', 'uplink_to leaf'], ['c', null]] as const) {
        const reply = await api.request('POST', '/v1/ports', { body: { node_uuid: nodes[name].uuid, address: `52:54:00:99:00:${(++mac).toString(16).padStart(2, '0')}` } });
        ports[`${name}-${suffix}`] = reply.json().uuid;
        await repos.dataSource.query('UPDATE ports SET description = $1 WHERE uuid = $2', [description, reply.json().uuid]);
      }
      // Only now: no conductor serves these groups, so the writes above could not have been routed.
      await repos.dataSource.query('UPDATE nodes SET conductor_group = $1 WHERE uuid = $2', [group, nodes[name].uuid]);
    }
  });
  afterAll(() => api.close());

  describe('?description_contains (1.97)', () => {
    it("keeps ports whose description contains the text, case-sensitively, with LIKE's wildcards", async () => {
      expect(await listPorts({ description_contains: 'Spine' })).toEqual(only('east-a', 'west-a', 'none-a'));
      expect(await listPorts({ description_contains: 'spine' })).toEqual([]);
      // `_` is LIKE's any-character, as in Ironic's unescaped pattern: it matches the space of "Uplink to".
      expect(await listPorts({ description_contains: 'link_to' })).toEqual(only('east-a', 'west-a', 'none-a', 'east-b', 'west-b', 'none-b'));
    });

    it('filters nothing when empty, and is combined with a node but not with an address (Ironic looks that up alone)', async () => {
      expect(await listPorts({ description_contains: '' })).toHaveLength(9);
      expect(await listPorts({ description_contains: 'leaf', node: nodes.east.uuid })).toEqual(only('east-b'));
      const [port] = await repos.ports.list({ node_id: (await repos.nodes.getByIdent(nodes.west.uuid)).id }, { limit: 1, sortKey: 'id', sortDir: 'asc' });
      expect(await listPorts({ description_contains: 'no such text', address: port.address })).toEqual([port.uuid]);
    });

    it('is an unexpected argument where the served release is older', async () => {
      expect(await failure(listPorts({ description_contains: 'x' }, 96))).toEqual({ status: 400, message: 'Unexpected arguments: description_contains' });
    });
  });

  describe('?conductor_groups (1.99)', () => {
    it('keeps the ports of nodes in the groups, lower-cased and de-duplicated, at any requested version', async () => {
      expect(await listPorts({ conductor_groups: 'rack-east' })).toEqual(only('east-a', 'east-b', 'east-c'));
      expect(await listPorts({ conductor_groups: 'RACK-EAST, rack-west,' }, 99, 1)).toEqual(only('east-a', 'east-b', 'east-c', 'west-a', 'west-b', 'west-c'));
      expect(await listPorts({ conductor_groups: ',' })).toHaveLength(9);
      expect(await listPorts({ conductor_groups: 'rack-west', description_contains: 'Spine' })).toEqual(only('west-a'));
    });

    it('cannot be combined with a node, port group or address; a shard ignores it', async () => {
      const message = 'Filtering by conductor_groups cannot be combined with node_ident, portgroup_ident, or node address filters.';
      const combined: Record<string, string>[] = [{ node: nodes.east.uuid }, { portgroup: groups.east }, { address: '52:54:00:99:00:01' }];
      for (const args of combined) {
        expect(await failure(listPorts({ conductor_groups: 'rack-east', ...args }, 99, 24))).toEqual({ status: 400, message });
      }
      await repos.dataSource.query("UPDATE nodes SET shard = 's1' WHERE uuid = $1", [nodes.west.uuid]);
      expect(await listPorts({ conductor_groups: 'rack-east', shard: 's1' }, 99, 82)).toEqual(only('west-a', 'west-b', 'west-c'));
    });

    it('keeps the port groups of nodes in the groups, and cannot be combined with a node or address', async () => {
      expect(await listGroups({ conductor_groups: 'Rack-West' })).toEqual([groups.west]);
      expect(await listGroups({ conductor_groups: 'rack-west,rack-east' }, 99, 23)).toEqual([groups.east, groups.west].sort());
      const message = 'Filtering by conductor_groups and node_ident/address simultaneously is not supported.';
      const combined: Record<string, string>[] = [{ node: nodes.east.uuid }, { address: '52:54:00:99:00:01' }];
      for (const args of combined) {
        expect(await failure(listGroups({ conductor_groups: 'rack-east', ...args }))).toEqual({ status: 400, message });
      }
    });

    it('is an unexpected argument where the served release is older', async () => {
      expect(await failure(listPorts({ conductor_groups: 'rack-east' }, 98))).toEqual({ status: 400, message: 'Unexpected arguments: conductor_groups' });
      expect(await failure(listGroups({ conductor_groups: 'rack-east' }, 98))).toEqual({ status: 400, message: 'Unexpected arguments: conductor_groups' });
    });
  });
});
