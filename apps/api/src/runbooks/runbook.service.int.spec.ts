import { DEFAULT_POLICY, Policy, RUNBOOK_POLICY, type Credentials } from '@ferrum/auth';
import { FerrumError } from '@ferrum/errors';
import { createTestDatabase, type TestDatabase } from '@ferrum/testing';
import type { ApiConfig } from '../api.config';
import { Authorizer } from '../common/authorizer';
import type { IronicRequest } from '../common/ironic-request';
import { Links } from '../common/links';
import { RunbookService } from './runbook.service';

/**
 * /v1/runbooks at 1.92 through the service (the HTTP route waits for the advertised maximum to reach 1.92):
 * Ironic 26.1's bodies, errors and owner/public rules, on the real database.
 */
const admin: Credentials = { user: 'admin', roles: ['admin', 'manager', 'member', 'reader'], projectId: null, projectName: null, system: true, via: 'keystone' };
const project = (projectId: string, roles: string[]): Credentials => ({ user: `${projectId}-${roles[0]}`, roles, projectId, projectName: projectId, system: false, via: 'keystone' });
const manager1 = project('p1', ['manager', 'member', 'reader']);
const reader1 = project('p1', ['reader']);
const manager2 = project('p2', ['manager', 'member', 'reader']);
const request = (credentials: Credentials = admin): IronicRequest => ({ version: 92, requestId: 'req-1', jsonSuffix: false, credentials });

const step = (extra: Record<string, unknown> = {}) => ({ interface: 'bios', step: 'apply_configuration', args: { settings: [{ name: 'LogicalProc', value: 'Enabled' }] }, order: 1, ...extra });

async function failure(p: Promise<unknown>) {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FerrumError);
  const { status, code, message } = error as FerrumError;
  return { status, code, message };
}

describe('RunbookService (/v1/runbooks at 1.92)', () => {
  let db: TestDatabase;
  let svc: RunbookService;
  beforeAll(async () => {
    db = await createTestDatabase();
    const policy = new Policy({}, 'policy', { ...DEFAULT_POLICY, ...RUNBOOK_POLICY });
    svc = new RunbookService({ maxLimit: 1000 } as ApiConfig, db.repos, new Links('http://ironic.test:6385'), new Authorizer(policy));
  });
  afterAll(() => db.close());
  afterEach(() => db.repos.dataSource.query('DELETE FROM runbooks'));

  const create = (body: unknown, who: Credentials = admin) => svc.create(request(who), body).then((r) => svc.render(r));

  it("creates a runbook and shows it as Ironic's API reference does, secrets in step args masked", async () => {
    const created = await create({ name: 'CUSTOM_AWESOME', steps: [step({ args: { admin_password: 's3cret' }, order: '1' })], extra: { a: 1 } });
    expect(created).toEqual({
      uuid: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'CUSTOM_AWESOME',
      // The create answers the order as it was sent; the database keeps the integer.
      steps: [{ interface: 'bios', step: 'apply_configuration', args: { admin_password: '******' }, order: '1' }],
      disable_ramdisk: false,
      extra: { a: 1 },
      public: false,
      owner: null,
      created_at: expect.any(String),
      updated_at: null,
      links: [
        { href: `http://ironic.test:6385/v1/runbooks/${String(created.uuid)}`, rel: 'self' },
        { href: `http://ironic.test:6385/runbooks/${String(created.uuid)}`, rel: 'bookmark' },
      ],
    });
    const shown = await svc.show(request(), 'CUSTOM_AWESOME', {});
    expect(shown).toEqual({ ...created, steps: [{ ...(created.steps as object[])[0], order: 1 }] });
    expect(await db.repos.runbooks.find(String(created.uuid))).toMatchObject({ steps: [{ args: { admin_password: 's3cret' }, order: 1 }] });
    expect(await svc.show(request(), String(created.uuid), { fields: 'name,steps' })).toEqual({ name: 'CUSTOM_AWESOME', steps: shown.steps, links: shown.links });
  });

  it('lists uuid and name by default, everything with detail, and pages with a next link', async () => {
    const a = await create({ name: 'CUSTOM_A', steps: [step()] });
    const b = await create({ name: 'CUSTOM_B', steps: [step()], disable_ramdisk: true });
    expect(await svc.list(request(), {})).toEqual({ runbooks: [a, b].map((r) => ({ uuid: r.uuid, name: r.name, links: r.links })) });
    expect((await svc.list(request(), { detail: 'true' })).runbooks).toEqual([a, b]);
    expect(await svc.list(request(), { limit: '1' })).toEqual({
      runbooks: [{ uuid: a.uuid, name: 'CUSTOM_A', links: a.links }],
      next: `http://ironic.test:6385/v1/runbooks?sort_key=id&sort_dir=asc&fields=uuid,name&limit=1&marker=${String(a.uuid)}`,
    });
    expect((await svc.list(request(), { limit: '1', marker: String(a.uuid) })).runbooks).toEqual([{ uuid: b.uuid, name: 'CUSTOM_B', links: b.links }]);
    expect((await svc.list(request(), { sort_key: 'name', sort_dir: 'desc' })).runbooks.map((r) => r.name)).toEqual(['CUSTOM_B', 'CUSTOM_A']);
    expect(await failure(svc.list(request(), { sort_key: 'steps' }))).toEqual({ status: 400, code: 'InvalidParameterValue', message: 'The sort_key value steps is an invalid field for sorting' });
    expect(await failure(svc.list(request(), { fields: 'name', detail: 'true' }))).toMatchObject({ status: 400, message: 'Can not specify ?detail=True and fields in the same request.' });
    expect(await failure(svc.list(request(), { fields: 'nope' }))).toMatchObject({ status: 400, message: 'Field(s) "nope" are not valid' });
    expect(await failure(svc.list(request(), { marker: 'CUSTOM_A' }))).toEqual({ status: 404, code: 'RunbookNotFound', message: 'Runbook CUSTOM_A could not be found.' });
  });

  it("patches name and steps, stamps updated_at, and refuses what Ironic refuses", async () => {
    const r = await create({ name: 'CUSTOM_AWESOME', steps: [step()] });
    const patched = svc.render(await svc.update(request(), 'CUSTOM_AWESOME', [
      { op: 'replace', path: '/name', value: 'CUSTOM_AWESOME2' },
      { op: 'add', path: '/steps/-', value: { interface: 'raid', step: 'delete_configuration', order: '2', ignored: true } },
    ]));
    expect(patched).toMatchObject({ uuid: r.uuid, name: 'CUSTOM_AWESOME2', updated_at: expect.any(String) });
    // Keys a step's schema does not name are dropped on update, as Ironic prunes before it validates.
    expect(patched.steps).toEqual([(r.steps as object[])[0], { interface: 'raid', step: 'delete_configuration', args: {}, order: 2 }]);
    const cases: [unknown, object][] = [
      [[{ op: 'replace', path: '/disable_ramdisk', value: true }], { status: 400, code: 'Invalid', message: 'Cannot patch /disable_ramdisk. Only the following can be updated: extra, name, steps, description, public, owner' }],
      [[{ op: 'replace', path: '/steps/0/interface', value: 'boot' }], { status: 400, message: expect.stringMatching(/^Schema error for patch: 'boot' is not one of/) }],
      [[{ op: 'remove', path: '/steps/0/order' }], { status: 400, message: "Schema error for patch: 'order' is a required property" }],
      [[{ op: 'add', path: '/description', value: 'x' }], { status: 400, message: 'Adding a new attribute (/description) to the root of the resource is not allowed' }],
      [[{ op: 'replace', path: '/steps/1/step', value: 'apply_configuration' }, { op: 'replace', path: '/steps/1/interface', value: 'bios' }], { status: 400, code: 'InvalidDeployTemplate' }],
    ];
    for (const [patch, expected] of cases) expect(await failure(svc.update(request(), String(r.uuid), patch))).toMatchObject(expected);
  });

  it("refuses a duplicate name (409) and an unknown or malformed identifier in Ironic's words", async () => {
    await create({ name: 'CUSTOM_TAKEN', steps: [step()] });
    const other = await create({ name: 'CUSTOM_OTHER', steps: [step()] });
    expect(await failure(create({ name: 'CUSTOM_TAKEN', steps: [step()] }))).toEqual({ status: 409, code: 'RunbookDuplicateName', message: 'A runbook with name CUSTOM_TAKEN already exists.' });
    expect(await failure(create({ name: 'CUSTOM_NEW', steps: [step()], uuid: other.uuid }))).toEqual({ status: 409, code: 'RunbookAlreadyExists', message: `A runbook with UUID ${String(other.uuid)} already exists.` });
    expect(await failure(svc.update(request(), 'CUSTOM_OTHER', [{ op: 'replace', path: '/name', value: 'CUSTOM_TAKEN' }]))).toMatchObject({ status: 409, code: 'RunbookDuplicateName' });
    expect(await failure(svc.show(request(), 'CUSTOM_MISSING', {}))).toEqual({ status: 404, code: 'RunbookNotFound', message: 'Runbook CUSTOM_MISSING could not be found.' });
    expect(await failure(svc.remove(request(), 'not a name'))).toEqual({ status: 400, code: 'InvalidUuidOrName', message: 'Expected a logical name or UUID but received not a name.' });
    await svc.remove(request(), 'CUSTOM_OTHER');
    expect(await db.repos.runbooks.find('CUSTOM_OTHER')).toBeUndefined();
  });

  describe('owners and public runbooks', () => {
    it("makes a project manager's runbook its project's, and refuses another owner or a public one", async () => {
      expect(await create({ name: 'CUSTOM_MINE', steps: [step()] }, manager1)).toMatchObject({ owner: 'p1', public: false });
      expect(await failure(create({ name: 'CUSTOM_X', steps: [step()], owner: 'p2' }, manager1))).toEqual({
        status: 400,
        code: 'Invalid',
        message: 'Cannot create a runbook as a project scoped admin with an owner other than your own project.',
      });
      expect(await failure(create({ name: 'CUSTOM_X', steps: [step()], public: true }, manager1))).toEqual({ status: 400, code: 'Invalid', message: 'Cannot create a public runbook as a project scoped admin.' });
      expect(await failure(create({ name: 'CUSTOM_X', steps: [step()] }, reader1))).toEqual({ status: 403, code: 'HTTPForbidden', message: 'Access was denied to the following resource: baremetal:runbook:create' });
    });

    it("shows a project its own runbooks and public ones, and no one else's", async () => {
      await create({ name: 'CUSTOM_P1', steps: [step()], owner: 'p1' });
      await create({ name: 'CUSTOM_P2', steps: [step()], owner: 'p2' });
      await create({ name: 'CUSTOM_PUBLIC', steps: [step()], public: true });
      const names = async (who: Credentials, args = {}) => (await svc.list(request(who), args)).runbooks.map((r) => r.name);
      expect(await names(admin)).toEqual(['CUSTOM_P1', 'CUSTOM_P2', 'CUSTOM_PUBLIC']);
      expect(await names(reader1)).toEqual(['CUSTOM_P1', 'CUSTOM_PUBLIC']);
      expect(await names(manager2)).toEqual(['CUSTOM_P2', 'CUSTOM_PUBLIC']);
      // `project` is a boolean in Ironic: with list_all it matches no owner, leaving the public runbooks.
      expect(await names(admin, { project: 'true' })).toEqual(['CUSTOM_PUBLIC']);
      expect(await failure(svc.list(request(reader1), { project: 'true' }))).toMatchObject({ status: 403, message: 'Access was denied to the following resource: baremetal:runbook:list_all' });

      expect(await svc.show(request(reader1), 'CUSTOM_P1', {})).toMatchObject({ owner: 'p1' });
      expect(await svc.show(request(reader1), 'CUSTOM_PUBLIC', {})).toMatchObject({ public: true, owner: null });
      // Ironic raises its HTTPForbidden bare here: the placeholder stays in the message.
      expect(await failure(svc.show(request(reader1), 'CUSTOM_P2', {}))).toEqual({ status: 403, code: 'HTTPForbidden', message: 'Access was denied to the following resource: %(resource)s' });
    });

    it("lets the owner's manager update and delete, but not make it public or give it away", async () => {
      await create({ name: 'CUSTOM_P1', steps: [step()], owner: 'p1' });
      expect(svc.render(await svc.update(request(manager1), 'CUSTOM_P1', [{ op: 'add', path: '/extra/k', value: 'v' }]))).toMatchObject({ extra: { k: 'v' } });
      expect(await failure(svc.update(request(reader1), 'CUSTOM_P1', [{ op: 'add', path: '/extra/k', value: 'w' }]))).toMatchObject({ status: 403, message: 'Access was denied to the following resource: baremetal:runbook:update' });
      expect(await failure(svc.update(request(manager1), 'CUSTOM_P1', [{ op: 'replace', path: '/public', value: true }]))).toMatchObject({ status: 403, message: 'Access was denied to the following resource: baremetal:runbook:update:public' });
      expect(await failure(svc.update(request(manager1), 'CUSTOM_P1', [{ op: 'replace', path: '/owner', value: 'p2' }]))).toMatchObject({ status: 403, message: 'Access was denied to the following resource: baremetal:runbook:update:owner' });
      expect(await failure(svc.remove(request(manager2), 'CUSTOM_P1'))).toMatchObject({ status: 403, message: 'Access was denied to the following resource: baremetal:runbook:delete' });
      await svc.remove(request(manager1), 'CUSTOM_P1');
    });

    it('clears the owner when a runbook is made public, and refuses an owner on a public one', async () => {
      await create({ name: 'CUSTOM_P1', steps: [step()], owner: 'p1' });
      expect(svc.render(await svc.update(request(), 'CUSTOM_P1', [{ op: 'replace', path: '/public', value: true }]))).toMatchObject({ public: true, owner: null });
      const patch = [{ op: 'replace', path: '/owner', value: 'p2' }];
      expect(await failure(svc.update(request(), 'CUSTOM_P1', patch))).toEqual({
        status: 400,
        code: 'PatchError',
        message: "Couldn't apply patch '[{'op': 'replace', 'path': '/owner', 'value': 'p2'}]'. Reason: There cannot be an owner for a public runbook",
      });
      // Private and owned again in one patch.
      const back = svc.render(await svc.update(request(), 'CUSTOM_P1', [{ op: 'replace', path: '/public', value: false }, ...patch]));
      expect(back).toMatchObject({ public: false, owner: 'p2' });
    });
  });
});
