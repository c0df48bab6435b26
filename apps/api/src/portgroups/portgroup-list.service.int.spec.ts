import type { Repositories } from '@ferrum/persistence';
import type { ConductorRouter } from '@ferrum/transport';
import type { ApiConfig } from '../api.config';
import { Authorizer } from '../common/authorizer';
import { Links } from '../common/links';
import { NodeLookup } from '../nodes/node-lookup';
import { ApiHarness, startApiHarness } from '../testing/api-harness';
import { CONFIG, REPOS, ROUTER } from '../tokens';
import { PortgroupService } from './portgroup.service';
import { PortgroupView } from './portgroup.view';
import { requestAt, refusal } from '../testing/service-calls';

/** ?shard on port group lists (1.106) through the service as Ironic 34 serves it, and the filters it excludes. */
const request = requestAt;

const failure = refusal;

describe('PortgroupService lists by shard (1.106)', () => {
  let api: ApiHarness;
  const groups: Record<string, string> = {};
  const nodes: Record<string, { uuid: string }> = {};
  const lister = (maximum: number) => {
    const Serving = class extends PortgroupService {
      protected override servedMaximum(): number {
        return maximum;
      }
    };
    return new Serving(
      api.app.get<ApiConfig>(CONFIG), api.app.get<Repositories>(REPOS), api.app.get<ConductorRouter>(ROUTER), api.app.get(NodeLookup), api.app.get(PortgroupView), api.app.get(Links), api.app.get(Authorizer),
    );
  };
  const list = async (args: Record<string, string>, maximum = 106, version = 106) =>
    (await lister(maximum).list(request(version), args, true)).portgroups.map((g) => g.uuid as string).sort();

  beforeAll(async () => {
    api = await startApiHarness();
    for (const [name, shard] of [['a', 'shard-a'], ['b', 'shard-b'], ['none', null]] as const) {
      nodes[name] = await api.createNode();
      await api.db.repos.dataSource.query('UPDATE nodes SET shard = $1 WHERE uuid = $2', [shard, nodes[name].uuid]);
      groups[name] = (await api.request('POST', '/v1/portgroups', { body: { node_uuid: nodes[name].uuid, name: `shard-pg-${name}` } })).json().uuid;
    }
  });
  afterAll(() => api.close());

  it("lists the groups of nodes in any of the shards; an empty value filters nothing", async () => {
    expect(await list({ shard: 'shard-a' })).toEqual([groups.a]);
    expect(await list({ shard: 'shard-a,shard-b' })).toEqual([groups.a, groups.b].sort());
    expect(await list({ shard: '' })).toEqual(expect.arrayContaining(Object.values(groups)));
  });

  it('refuses it below 1.106 (406 naming the version), and does not know it before Ironic 34', async () => {
    expect(await failure(list({ shard: 'shard-a' }, 106, 105))).toEqual({ status: 406, message: 'Request not acceptable. The minimal required API version should be 1.106' });
    expect(await failure(list({ shard: 'shard-a' }, 105, 105))).toEqual({ status: 400, message: 'Unexpected arguments: shard' });
  });

  it('allows one of node, address, shard and conductor_groups from Ironic 34; before, conductor_groups alone was exclusive', async () => {
    const refused = { status: 400, message: 'Filtering by node, address, or shard simultaneously is not supported.' };
    expect(await failure(list({ shard: 'shard-a', node: nodes.a.uuid }))).toEqual(refused);
    expect(await failure(list({ shard: 'shard-a', conductor_groups: 'g' }))).toEqual(refused);
    expect(await failure(list({ node: nodes.a.uuid, address: '52:54:00:00:00:01' }))).toEqual(refused);
    expect(await list({ node: nodes.b.uuid, address: '52:54:00:00:00:01' }, 105, 105)).toEqual([groups.b]);
    expect(await failure(list({ node: nodes.a.uuid, conductor_groups: 'g' }, 105, 105))).toEqual({
      status: 400,
      message: 'Filtering by conductor_groups and node_ident/address simultaneously is not supported.',
    });
  });
});
