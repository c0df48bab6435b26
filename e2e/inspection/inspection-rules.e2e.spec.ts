import { randomUUID } from 'node:crypto';
import {
  CreateInspectionRule,
  DeleteInspectionRule,
  GetInspectionRule,
  MAX_VERSION,
  ListInspectionRules,
  ProvisionNode,
  UpdateInspectionRule,
  type Call,
  type ReplyOf,
  type RequestOf,
} from '@ferrum/contracts';
import { FerrumError } from '@ferrum/errors';
import { testClient } from '@ferrum/testing';
import { InspectorHarness, inspectionPayload, randomMac } from './inspector-harness';

/**
 * Ironic's inspection rules (1.96) as the inspector keeps them on the API's behalf: its calls on the bus
 * (validation by the rules engine, Ironic's errors), and a stored rule applied to an `agent` run.
 * `/v1/inspection_rules` itself waits for the advertised maximum to reach 1.96 (see its version checks).
 */
const h = new InspectorHarness();
beforeAll(() => h.start({}, true, true), 60_000);
afterAll(() => h.stop());

describe('inspection rules on the bus (the inspector side of /v1/inspection_rules)', () => {
  const send = <C extends Call<unknown, unknown, 'inspector'>>(c: C, req: RequestOf<C>): Promise<ReplyOf<C>> =>
    testClient(h.transports[2]).call(c, req, { peer: 'inspector' });
  const failure = async (p: Promise<unknown>) => {
    const err = await p.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(FerrumError);
    const { status, code, message } = err as FerrumError;
    return { status, code, message };
  };
  const trait = (name: string) => ({ op: 'add-trait', args: { name } });

  it("creates a rule with Ironic's defaults and a generated uuid, and reads it back", async () => {
    const created = await send(CreateInspectionRule, { rule: { actions: [trait('CUSTOM_A')] } });
    expect(created).toEqual({
      uuid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      description: null,
      priority: 0,
      sensitive: false,
      phase: 'main',
      conditions: [],
      actions: [trait('CUSTOM_A')],
      created_at: expect.any(String),
      updated_at: null,
    });
    expect(await send(GetInspectionRule, { uuid: created.uuid })).toEqual(created);
    await send(DeleteInspectionRule, { uuid: created.uuid });
  });

  it('keeps the uuid given, and refuses it a second time with InspectionRuleAlreadyExists (409)', async () => {
    const uuid = randomUUID();
    expect((await send(CreateInspectionRule, { rule: { uuid, actions: [trait('CUSTOM_A')] } })).uuid).toBe(uuid);
    expect(await failure(send(CreateInspectionRule, { rule: { uuid, actions: [trait('CUSTOM_B')] } }))).toEqual({
      status: 409,
      code: 'InspectionRuleAlreadyExists',
      message: `A rule with UUID ${uuid} already exists.`,
    });
    await send(DeleteInspectionRule, { uuid });
  });

  it.each([
    ['no action', { actions: [] }, 'Schema error: [] should be non-empty'],
    ['an unknown action', { actions: [{ op: 'explode', args: {} }] }, expect.stringMatching(/^Schema error: 'explode' is not one of \['fail', 'log', /)],
    ['a uuid that is none', { uuid: 'not-a-uuid', actions: [trait('CUSTOM_A')] }, 'Expected UUID for uuid: not-a-uuid'],
    ['a priority for built-in rules only', { priority: 10000, actions: [trait('CUSTOM_A')] }, 'Priority must be between 0 and 9999 for user-defined rules.'],
  ])("refuses %s with the engine's validation message (400), storing nothing", async (_what, rule, message) => {
    const before = (await h.db.repos.inspectionRules.listAll()).length;
    expect(await failure(send(CreateInspectionRule, { rule }))).toEqual({ status: 400, code: 'Invalid', message });
    expect((await h.db.repos.inspectionRules.listAll()).length).toBe(before);
  });

  it('answers a sensitive rule without its conditions and actions, and stores them', async () => {
    const secret = { op: 'api-call', args: { url: 'http://user:secret@example.com/' } };
    const created = await send(CreateInspectionRule, { rule: { sensitive: true, actions: [secret] } });
    expect(created).toMatchObject({ sensitive: true, conditions: null, actions: null });
    expect(await send(GetInspectionRule, { uuid: created.uuid })).toMatchObject({ conditions: null, actions: null });
    expect((await h.db.repos.inspectionRules.getByUuid(created.uuid)).actions).toEqual([secret]);
    // Ironic: "Inspection rules cannot have the sensitive flag unset."
    expect(await failure(send(UpdateInspectionRule, { uuid: created.uuid, patch: [{ op: 'replace', path: '/sensitive', value: false }] }))).toEqual({
      status: 400,
      code: 'PatchError',
      message: "Couldn't apply patch '[{'op': 'replace', 'path': '/sensitive', 'value': False}]'. Reason: Inspection rules cannot have the sensitive flag unset.",
    });
    // Removing the flag would unset it as well.
    expect(await failure(send(UpdateInspectionRule, { uuid: created.uuid, patch: [{ op: 'remove', path: '/sensitive' }] }))).toMatchObject({ status: 400, code: 'PatchError' });
    expect((await h.db.repos.inspectionRules.getByUuid(created.uuid)).sensitive).toBe(true);
    await send(DeleteInspectionRule, { uuid: created.uuid });
  });

  it('lists the rules sorted and by pages, after a marker', async () => {
    const made = [];
    for (const priority of [30, 10, 20]) made.push(await send(CreateInspectionRule, { rule: { priority, actions: [trait('CUSTOM_A')] } }));
    const all = await send(ListInspectionRules, { limit: 100, sort_key: 'priority', sort_dir: 'desc' });
    expect(all.map((r) => r.priority)).toEqual([30, 20, 10]);
    const first = await send(ListInspectionRules, { limit: 2, sort_key: 'id', sort_dir: 'asc' });
    expect(first.map((r) => r.uuid)).toEqual([made[0].uuid, made[1].uuid]);
    const second = await send(ListInspectionRules, { limit: 2, sort_key: 'id', sort_dir: 'asc', marker: first[1].uuid });
    expect(second.map((r) => r.uuid)).toEqual([made[2].uuid]);
    const missing = randomUUID();
    expect(await failure(send(ListInspectionRules, { limit: 2, sort_key: 'id', sort_dir: 'asc', marker: missing }))).toMatchObject({ status: 404, code: 'InspectionRuleNotFound' });
    for (const r of made) await send(DeleteInspectionRule, { uuid: r.uuid });
  });

  it('patches a rule as Ironic does: validated as a new rule, only what changed saved', async () => {
    const created = await send(CreateInspectionRule, { rule: { description: 'before', actions: [trait('CUSTOM_A')] } });
    const patched = await send(UpdateInspectionRule, {
      uuid: created.uuid,
      patch: [
        { op: 'replace', path: '/description', value: 'after' },
        { op: 'add', path: '/actions/-', value: trait('CUSTOM_B') },
        { op: 'replace', path: '/priority', value: 50 },
      ],
    });
    expect(patched).toMatchObject({ uuid: created.uuid, description: 'after', priority: 50, actions: [trait('CUSTOM_A'), trait('CUSTOM_B')], created_at: created.created_at });
    expect(patched.updated_at).not.toBeNull();
    expect(await send(GetInspectionRule, { uuid: created.uuid })).toEqual(patched);

    // The patched rule goes through the same validation as a new one (the patch's schema wording).
    expect(await failure(send(UpdateInspectionRule, { uuid: created.uuid, patch: [{ op: 'replace', path: '/actions', value: [] }] }))).toEqual({
      status: 400,
      code: 'Invalid',
      message: 'Schema error for patch: [] should be non-empty',
    });
    expect(await failure(send(UpdateInspectionRule, { uuid: created.uuid, patch: [{ op: 'add', path: '/colour', value: 'red' }] }))).toEqual({
      status: 400,
      code: 'Invalid',
      message: 'Adding a new attribute (/colour) to the root of the resource is not allowed',
    });
    expect((await send(GetInspectionRule, { uuid: created.uuid })).actions).toHaveLength(2);
    // A removed field takes a new rule's default; a patched uuid names a rule that is not there (Ironic saves by it).
    expect(await send(UpdateInspectionRule, { uuid: created.uuid, patch: [{ op: 'remove', path: '/priority' }, { op: 'remove', path: '/description' }] })).toMatchObject({ priority: 0, description: null });
    const other = randomUUID();
    expect(await failure(send(UpdateInspectionRule, { uuid: created.uuid, patch: [{ op: 'replace', path: '/uuid', value: other }] }))).toMatchObject({ status: 404, message: `Rule ${other} could not be found.` });
    await send(DeleteInspectionRule, { uuid: created.uuid });
  });

  it("answers InspectionRuleNotFound (404) with Ironic's message for a rule that is not there", async () => {
    const missing = randomUUID();
    const notFound = { status: 404, code: 'InspectionRuleNotFound', message: `Rule ${missing} could not be found.` };
    expect(await failure(send(GetInspectionRule, { uuid: missing }))).toEqual(notFound);
    expect(await failure(send(UpdateInspectionRule, { uuid: missing, patch: [{ op: 'replace', path: '/priority', value: 1 }] }))).toEqual(notFound);
    expect(await failure(send(DeleteInspectionRule, { uuid: missing }))).toEqual(notFound);
    const created = await send(CreateInspectionRule, { rule: { actions: [trait('CUSTOM_A')] } });
    await send(DeleteInspectionRule, { uuid: created.uuid });
    expect(await failure(send(GetInspectionRule, { uuid: created.uuid }))).toMatchObject({ status: 404 });
  });

  it("applies a stored rule to an agent run, read when the data comes (not at the inspector's start)", async () => {
    const applied = await send(CreateInspectionRule, {
      rule: { conditions: [{ op: 'eq', args: { values: ['{inventory[cpu][architecture]}', 'x86_64'] } }], actions: [trait('CUSTOM_STORED')] },
    });
    const skipped = await send(CreateInspectionRule, {
      rule: { conditions: [{ op: 'eq', args: { values: ['{inventory[cpu][architecture]}', 'aarch64'] } }], actions: [trait('CUSTOM_NOT_ARM')] },
    });
    const mac = randomMac();
    const node = await h.manageableNode({ macs: [mac], inspectInterface: 'agent', properties: { cpus: 2 } });
    await h.call(ProvisionNode, { node_uuid: node.uuid, event: 'inspect', params: {} });
    await h.untilIntrospection(node.uuid, 'waiting');
    await h.until(node.uuid, (n) => n.provision_state === 'inspect wait' && n.power_state === 'power on' && !n.reservation);
    const res = await h.apiRequest('POST', '/v1/continue_inspection', inspectionPayload([{ name: 'eth0', mac }]));
    expect(res).toEqual({ status: 202, body: { uuid: node.uuid } });
    const done = await h.until(node.uuid, (n) => n.provision_state === 'manageable' && !n.reservation);
    expect(done.last_error).toBeNull();
    expect(done.traits).toEqual(['CUSTOM_STORED']);
    for (const r of [applied, skipped]) await send(DeleteInspectionRule, { uuid: r.uuid });
  });
});

describe('/v1/inspection_rules over HTTP (1.96)', () => {
  const rule = { description: 'web servers', priority: 10, conditions: [{ op: 'eq', args: { values: ['{inventory[cpu][architecture]}', 'x86_64'] } }], actions: [{ op: 'add-trait', args: { name: 'CUSTOM_HTTP' } }] };
  const fault = (body: any) => JSON.parse(body.error_message).faultstring as string;

  it.each(['GET /v1/inspection_rules', `GET /v1/inspection_rules/${randomUUID()}`, 'POST /v1/inspection_rules', `PATCH /v1/inspection_rules/${randomUUID()}`, `DELETE /v1/inspection_rules/${randomUUID()}`])(
    "%s at 1.95 is refused as Ironic's api_version refuses it (GET 404, writes 405), reaching no inspector",
    async (route) => {
      const [method, url] = route.split(' ');
      const body = method === 'POST' ? rule : method === 'PATCH' ? [] : undefined;
      const res = await h.apiRequest(method, url, body, '1.95');
      expect(res.status).toBe(method === 'GET' ? 404 : 405);
      expect(fault(res.body)).toBe('The API version does not allow inspection rules');
      expect(await h.db.repos.inspectionRules.listAll()).toEqual([]);
    },
  );

  it('creates, lists, shows, updates and deletes a rule at 1.96, as Ironic answers', async () => {
    expect(MAX_VERSION).toBeGreaterThanOrEqual(96);
    const created = await h.apiRequest('POST', '/v1/inspection_rules', rule, '1.96');
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...rule, phase: 'main', sensitive: false, uuid: expect.any(String), created_at: expect.any(String), updated_at: null });
    const uuid = created.body.uuid as string;
    expect(created.body.links.map((l: { rel: string }) => l.rel)).toEqual(['self', 'bookmark']);

    const listed = await h.apiRequest('GET', '/v1/inspection_rules', undefined, '1.96');
    expect(listed.status).toBe(200);
    expect(listed.body.inspection_rules.map((r: { uuid: string }) => r.uuid)).toEqual([uuid]);
    const shown = await h.apiRequest('GET', `/v1/inspection_rules/${uuid}`, undefined, '1.96');
    expect(shown.body).toMatchObject({ uuid, description: 'web servers', actions: rule.actions });

    const patched = await h.apiRequest('PATCH', `/v1/inspection_rules/${uuid}`, [{ op: 'replace', path: '/description', value: 'all web servers' }], '1.96');
    expect([patched.status, patched.body.description]).toEqual([200, 'all web servers']);
    expect(patched.body.updated_at).toEqual(expect.any(String));

    const deleted = await h.apiRequest('DELETE', `/v1/inspection_rules/${uuid}`, undefined, '1.96');
    expect(deleted.status).toBe(204);
    const gone = await h.apiRequest('GET', `/v1/inspection_rules/${uuid}`, undefined, '1.96');
    expect([gone.status, fault(gone.body)]).toEqual([404, `Rule ${uuid} could not be found.`]);
    expect(await h.db.repos.inspectionRules.listAll()).toEqual([]);
  });

  it("refuses a rule the engine cannot run with Ironic's 400, storing nothing", async () => {
    const bad = await h.apiRequest('POST', '/v1/inspection_rules', { actions: [{ op: 'no-such-action', args: {} }] }, '1.96');
    expect(bad.status).toBe(400);
    expect(await h.db.repos.inspectionRules.listAll()).toEqual([]);
  });
});
