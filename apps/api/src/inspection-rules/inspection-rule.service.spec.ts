import { DEFAULT_POLICY, INSPECTION_RULE_POLICY, Policy, type Credentials } from '@ferrum/auth';
import { ListInspectionRules, MAX_VERSION, type AnyCall, type InspectionRuleRecord } from '@ferrum/contracts';
import { InspectionRuleNotFound, TemporaryFailure } from '@ferrum/errors';
import { NoResponders, type FerrumClient } from '@ferrum/transport';
import type { ApiConfig } from '../api.config';
import { Authorizer } from '../common/authorizer';
import { FrameworkError, RecodedError } from '../common/framework-error';
import type { IronicRequest } from '../common/ironic-request';
import { Links } from '../common/links';
import { checkInspectionRulesVersion } from './inspection-rule.controller';
import { InspectionRuleService } from './inspection-rule.service';

const UUID = '1be26c0b-03f2-4d2e-ae87-c02d7f33c123';
const RULE: InspectionRuleRecord = {
  uuid: UUID,
  description: 'memory',
  priority: 5,
  sensitive: false,
  phase: 'main',
  conditions: [
    { op: 'eq', args: { values: [1, 1] }, loop: [], multiple: 'all' },
    { op: 'is-true', args: ['{item}'], loop: [true], extra: 'kept in the database only' },
  ],
  actions: [
    { op: 'add-trait', args: ['CUSTOM_A'], loop: {} },
    { op: 'log', args: { msg: '{item}' }, loop: ['x'] },
  ],
  created_at: '2026-12-06T03:00:00.000000+00:00',
  updated_at: null,
};

const admin: Credentials = { user: 'admin', roles: ['admin', 'manager', 'member', 'reader'], projectId: null, projectName: null, system: true, via: 'keystone' };
const reader: Credentials = { ...admin, user: 'reader', roles: ['reader'] };
const request = (credentials: Credentials = admin, version = 96): IronicRequest => ({ version, requestId: 'req-1', jsonSuffix: false, credentials });

/** The inspector's side of the bus: records each call, answers what `answer` gives. */
function fakeInspector(answer: (call: AnyCall, req: unknown) => unknown) {
  const calls: { pattern: string; req: unknown; options: unknown }[] = [];
  const client = {
    call: (call: AnyCall, req: unknown, options: unknown) => {
      calls.push({ pattern: call.pattern, req, options });
      return Promise.resolve().then(() => answer(call, req));
    },
  } as unknown as FerrumClient;
  return { calls, client };
}

function service(answer: (call: AnyCall, req: unknown) => unknown = () => RULE) {
  const fake = fakeInspector(answer);
  const policy = new Policy({}, 'policy', { ...DEFAULT_POLICY, ...INSPECTION_RULE_POLICY });
  const svc = new InspectionRuleService({ maxLimit: 1000 } as ApiConfig, fake.client, new Links('http://ironic.test:6385'), new Authorizer(policy));
  return { svc, calls: fake.calls };
}

const failure = (fn: () => unknown): Promise<unknown> =>
  Promise.resolve()
    .then(fn)
    .then(
      () => undefined,
      (e: unknown) => e,
    );

describe('InspectionRuleService (/v1/inspection_rules → the inspector)', () => {
  it("renders a rule as Ironic's convert_with_links: loops only when set, multiple defaulted, links under 'inspection'", () => {
    expect(service().svc.render(RULE)).toEqual({
      uuid: UUID,
      created_at: RULE.created_at,
      updated_at: null,
      description: 'memory',
      priority: 5,
      sensitive: false,
      phase: 'main',
      conditions: [
        { op: 'eq', args: { values: [1, 1] } },
        { op: 'is-true', args: ['{item}'], loop: [true], multiple: 'any' },
      ],
      actions: [
        { op: 'add-trait', args: ['CUSTOM_A'] },
        { op: 'log', args: { msg: '{item}' }, loop: ['x'] },
      ],
      links: [
        { href: `http://ironic.test:6385/v1/inspection/${UUID}`, rel: 'self' },
        { href: `http://ironic.test:6385/inspection/${UUID}`, rel: 'bookmark' },
      ],
    });
  });

  it('shows a sensitive rule without conditions and actions, even if they reached it', () => {
    expect(service().svc.render({ ...RULE, sensitive: true })).toMatchObject({ sensitive: true, conditions: null, actions: null });
  });

  it("lists Ironic's default fields, forwards the page to any inspector with the request id, and links the next page", async () => {
    const { svc, calls } = service((call) => (call === ListInspectionRules ? [RULE, { ...RULE, uuid: 'b'.repeat(8) + UUID.slice(8) }] : undefined));
    const listed = await svc.list(request(), { limit: '2', sort_key: 'priority', sort_dir: 'desc' });
    expect(calls).toEqual([{ pattern: ListInspectionRules.pattern, req: { limit: 2, sort_key: 'priority', sort_dir: 'desc' }, options: { peer: 'inspector', requestId: 'req-1' } }]);
    expect(listed.inspection_rules[0]).toEqual({ uuid: UUID, priority: 5, phase: 'main', description: 'memory', links: expect.any(Array) });
    // As Ironic's get_next: the (unused) filters, the sort, then the default fields, under 'inspection'.
    expect(listed.next).toBe(
      `http://ironic.test:6385/v1/inspection?filters=%7B%7D&sort_key=priority&sort_dir=desc&fields=uuid,priority,phase,description&limit=2&marker=bbbbbbbb${UUID.slice(8)}`,
    );
    const detailed = await svc.list(request(), { detail: 'true', marker: UUID });
    expect(Object.keys(detailed.inspection_rules[0])).toEqual(['uuid', 'created_at', 'updated_at', 'description', 'priority', 'sensitive', 'phase', 'conditions', 'actions', 'links']);
    expect(calls[1].req).toEqual({ limit: 1000, sort_key: 'id', sort_dir: 'asc', marker: UUID });
    expect(detailed.next).toBeUndefined();
  });

  it.each([
    [{ sort_key: 'actions' }, 'The sort_key value actions is an invalid field for sorting'],
    [{ sort_key: 'scope' }, 'The sort_key value "scope" is an invalid field for sorting'],
    [{ fields: 'uuid,colour' }, 'Field(s) "colour" are not valid'],
    [{ colour: 'red' }, "Schema error: Additional properties are not allowed ('colour' was unexpected)"],
  ])('refuses the list query %p (400) with Ironic\'s words', async (args, message) => {
    const { svc } = service(() => [RULE]);
    expect(await failure(() => svc.list(request(), args))).toMatchObject({ status: 400, message });
  });

  it('checks the rule path parameter as a uuid, and the policy before asking the inspector', async () => {
    const { svc, calls } = service();
    expect(await failure(() => svc.show(request(), 'not-a-uuid', {}))).toMatchObject({ status: 400, message: "Schema error: 'not-a-uuid' is not a 'uuid'" });
    expect(await failure(() => svc.update(request(), 'not-a-uuid', []))).toMatchObject({ status: 400, message: 'Expected UUID for inspection_rule_uuid: not-a-uuid' });
    expect(await failure(() => svc.create(request(reader), { actions: [] }))).toMatchObject({ status: 403, message: 'Access was denied to the following resource: baremetal:inspection_rule:create' });
    expect(await failure(() => svc.remove(request(reader), UUID))).toMatchObject({ status: 403 });
    expect(await svc.show(request(reader), UUID, {})).toMatchObject({ uuid: UUID });
    expect(calls.map((c) => c.pattern)).toEqual(['inspection-rule.get.v1']);
  });

  it("passes the inspector's errors through, and says so when no inspector runs (503)", async () => {
    const notFound = await failure(() => service(() => Promise.reject(new InspectionRuleNotFound({ rule: UUID }))).svc.show(request(), UUID, {}));
    expect(notFound).toBeInstanceOf(InspectionRuleNotFound);
    expect(notFound).toMatchObject({ status: 404, message: `Rule ${UUID} could not be found.` });
    const none = await failure(() => service(() => Promise.reject(new NoResponders('ferrum.inspector.inspection-rule.create.v1'))).svc.create(request(), { actions: [] }));
    expect(none).toBeInstanceOf(TemporaryFailure);
    expect(none).toMatchObject({ status: 503, message: 'No inspector is running to manage inspection rules; start one (--role inspector) and retry.' });
  });
});

describe('the 1.96 gate', () => {
  it('answers as an unknown resource (router 404, any method) in a release without them (maximum below 1.96)', () => {
    expect(MAX_VERSION).toBeGreaterThanOrEqual(96);
    for (const method of ['GET', 'write'] as const) {
      const err = (() => {
        try {
          checkInspectionRulesVersion(request(admin, 82), method, 95);
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(FrameworkError);
      expect(err).toMatchObject({ status: 404, description: '', bare: true });
    }
  });

  it("once the maximum reaches 1.96: Ironic's api_version refusal below it (GET 404, others 405), nothing at 1.96", () => {
    const refusal = (version: number, method: 'GET' | 'write') => {
      try {
        checkInspectionRulesVersion(request(admin, version), method, 96);
      } catch (e) {
        return e as RecodedError;
      }
    };
    expect(refusal(95, 'GET')).toMatchObject({ status: 404, message: 'The API version does not allow inspection rules' });
    expect(refusal(95, 'write')).toMatchObject({ status: 405, message: 'The API version does not allow inspection rules' });
    expect(refusal(95, 'write')).toBeInstanceOf(RecodedError);
    expect(refusal(96, 'GET')).toBeUndefined();
    expect(refusal(96, 'write')).toBeUndefined();
  });
});
