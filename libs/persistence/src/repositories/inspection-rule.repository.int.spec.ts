import { randomUUID } from 'node:crypto';
import { InspectionRuleAlreadyExists, InspectionRuleNotFound } from '@ferrum/errors';
import { TestDatabase, createTestDatabase } from '@ferrum/testing';
import type { InspectionRuleValues } from './inspection-rule.repository';

describe('inspection rules repository (Ironic 1.96 rules)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.close());

  const rule = (extra: Partial<InspectionRuleValues> = {}): InspectionRuleValues => ({
    uuid: randomUUID(),
    description: null,
    priority: 0,
    sensitive: false,
    phase: 'main',
    conditions: [{ op: 'eq', args: { value: '{inventory[cpu][count]}', values: 8 } }],
    actions: [{ op: 'add-trait', args: ['CUSTOM_X'], extra_key: 1 }],
    ...extra,
  });

  it('stores a rule as given and reads it back by uuid, with created_at and no updated_at', async () => {
    const values = rule({ description: 'first', priority: 10, sensitive: true });
    const created = await db.repos.inspectionRules.create(values);
    expect(created).toEqual({ ...values, created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/), updated_at: null });
    expect(await db.repos.inspectionRules.getByUuid(values.uuid)).toEqual(created);
  });

  it('refuses a uuid already taken with InspectionRuleAlreadyExists (409) and writes nothing', async () => {
    const values = rule();
    await db.repos.inspectionRules.create(values);
    const before = (await db.repos.inspectionRules.listAll()).length;
    const err = await db.repos.inspectionRules.create(rule({ uuid: values.uuid })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InspectionRuleAlreadyExists);
    expect(err).toMatchObject({ message: `A rule with UUID ${values.uuid} already exists.`, status: 409 });
    expect((await db.repos.inspectionRules.listAll()).length).toBe(before);
  });

  it("answers InspectionRuleNotFound (404) with Ironic's message for an unknown uuid, and for a string that is no uuid", async () => {
    const missing = randomUUID();
    await expect(db.repos.inspectionRules.getByUuid(missing)).rejects.toMatchObject({ message: `Rule ${missing} could not be found.`, status: 404 });
    await expect(db.repos.inspectionRules.getByUuid('not-a-uuid')).rejects.toBeInstanceOf(InspectionRuleNotFound);
    await expect(db.repos.inspectionRules.update(missing, { priority: 1 })).rejects.toBeInstanceOf(InspectionRuleNotFound);
    await expect(db.repos.inspectionRules.delete(missing)).rejects.toBeInstanceOf(InspectionRuleNotFound);
    await expect(db.repos.inspectionRules.list({ limit: 10, sortKey: 'id', sortDir: 'asc' }, missing)).rejects.toBeInstanceOf(InspectionRuleNotFound);
  });

  it('updates the given fields only and sets updated_at', async () => {
    const values = rule({ description: 'before' });
    await db.repos.inspectionRules.create(values);
    const updated = await db.repos.inspectionRules.update(values.uuid, { description: 'after', actions: [{ op: 'remove-trait', args: ['CUSTOM_X'] }] });
    expect(updated).toMatchObject({ uuid: values.uuid, description: 'after', priority: 0, conditions: values.conditions, actions: [{ op: 'remove-trait', args: ['CUSTOM_X'] }] });
    expect(updated.updated_at).not.toBeNull();
  });

  it('deletes a rule', async () => {
    const values = rule();
    await db.repos.inspectionRules.create(values);
    await db.repos.inspectionRules.delete(values.uuid);
    await expect(db.repos.inspectionRules.getByUuid(values.uuid)).rejects.toBeInstanceOf(InspectionRuleNotFound);
  });

  describe('listing', () => {
    let sorted: TestDatabase;
    const uuids: string[] = [];
    beforeAll(async () => {
      sorted = await createTestDatabase();
      for (const priority of [5, 1, 9, 1]) {
        const values = rule({ priority });
        uuids.push(values.uuid);
        await sorted.repos.inspectionRules.create(values);
      }
    });
    afterAll(() => sorted.close());

    it('gives the engine every rule by id (creation order), whatever their priority', async () => {
      expect((await sorted.repos.inspectionRules.listAll()).map((r) => r.uuid)).toEqual(uuids);
    });

    it('pages by a sort key in both directions, ties broken by id, after the marker', async () => {
      const byPriority = await sorted.repos.inspectionRules.list({ limit: 10, sortKey: 'priority', sortDir: 'asc' });
      expect(byPriority.map((r) => r.priority)).toEqual([1, 1, 5, 9]);
      expect(byPriority.map((r) => r.uuid)).toEqual([uuids[1], uuids[3], uuids[0], uuids[2]]);
      const first = await sorted.repos.inspectionRules.list({ limit: 2, sortKey: 'priority', sortDir: 'desc' });
      expect(first.map((r) => r.priority)).toEqual([9, 5]);
      const second = await sorted.repos.inspectionRules.list({ limit: 2, sortKey: 'priority', sortDir: 'desc' }, first[1].uuid);
      expect(second.map((r) => r.uuid)).toEqual([uuids[3], uuids[1]]);
      const byId = await sorted.repos.inspectionRules.list({ limit: 3, sortKey: 'id', sortDir: 'asc' }, uuids[0]);
      expect(byId.map((r) => r.uuid)).toEqual(uuids.slice(1));
    });
  });
});
