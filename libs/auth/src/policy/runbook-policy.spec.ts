import { withImpliedRoles, type Credentials } from '../credentials';
import { DEFAULT_POLICY } from './default-policy';
import { Policy } from './policy';
import { RUNBOOK_POLICY } from './runbook-policy';

const who = (roles: string[], scope: { system?: boolean; project?: string }): Credentials => ({
  user: 'u',
  roles: withImpliedRoles(roles),
  projectId: scope.project ?? null,
  projectName: null,
  system: !!scope.system,
  via: 'http_basic',
});

const policy = new Policy({}, 'policy', { ...DEFAULT_POLICY, ...RUNBOOK_POLICY });
const owned = { 'runbook.owner': 'p1' };
const unowned = { 'runbook.owner': null };

describe("runbook rules (Ironic 26.1's runbook_policies)", () => {
  it.each([
    ['a system member', who(['member'], { system: true }), ['get', 'list', 'list_all', 'create', 'delete', 'update', 'update:public', 'update:owner', 'use']],
    ['a system reader', who(['reader'], { system: true }), ['get', 'list', 'list_all']],
    ["the owner project's manager", who(['manager'], { project: 'p1' }), ['get', 'list', 'create', 'delete', 'update', 'use']],
    ["the owner project's member", who(['member'], { project: 'p1' }), ['get', 'list']],
    ["another project's manager", who(['manager'], { project: 'p2' }), ['list', 'create']],
  ])('lets %s do exactly what Ironic allows on a runbook of project p1', (_who, creds, allowed) => {
    const rules = Object.keys(RUNBOOK_POLICY).map((r) => r.replace('baremetal:runbook:', ''));
    expect(rules.filter((r) => policy.allows(`baremetal:runbook:${r}`, creds, owned))).toEqual(allowed);
  });

  it('gives no project a public runbook through the rules (the API shows those to anyone; `use` stays refused)', () => {
    const manager = who(['manager'], { project: 'p1' });
    expect(['get', 'update', 'delete', 'use'].filter((r) => policy.allows(`baremetal:runbook:${r}`, manager, unowned))).toEqual([]);
  });
});
