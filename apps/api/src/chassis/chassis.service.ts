import { Inject, Injectable } from '@nestjs/common';
import type { ChassisRecord } from '@ferrum/contracts';
import { InvalidParameterValue } from '@ferrum/errors';
import type { Repositories } from '@ferrum/persistence';
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import type { ApiConfig } from '../api.config';
import { Args, rejectUnexpected, toUuid } from '../common/args';
import { nextUrl, parsePage } from '../common/collection';
import { listFields, parseFields } from '../common/fields';
import type { IronicRequest } from '../common/ironic-request';
import { applyPatch, checkPatchAllowed, parsePatch } from '../common/json-patch';
import { jsonType, parseSchema } from '../common/json-schema';
import { Links } from '../common/links';
import { CONFIG, REPOS } from '../tokens';
import { CHASSIS_DEFAULT_LIST_FIELDS, ChassisView } from './chassis.view';

const chassisSchema = z.strictObject({
  description: jsonType(['string', 'null'], { maxLength: 255 }),
  extra: jsonType(['object', 'null']),
  uuid: jsonType(['string', 'null']),
});
const CHASSIS_KEYS = Object.keys(chassisSchema.shape);
const SORT = { columns: ['id', 'uuid', 'description', 'created_at', 'updated_at'], refused: ['extra'] };

function validateChassis(body: unknown, name: string): Record<string, unknown> {
  const chassis = { ...parseSchema(chassisSchema, body, name) };
  if ('uuid' in chassis) chassis.uuid = toUuid('uuid', chassis.uuid) ?? null;
  return chassis;
}

/** Chassis (§10), written by the API straight to the database: no conductor owns a chassis. */
@Injectable()
export class ChassisService {
  constructor(
    @Inject(CONFIG) private readonly config: ApiConfig,
    @Inject(REPOS) private readonly repos: Repositories,
    private readonly view: ChassisView,
    private readonly links: Links,
  ) {}

  async list(req: IronicRequest, args: Args, detailPath: boolean) {
    const base = ['marker', 'limit', 'sort_key', 'sort_dir'];
    rejectUnexpected(args, detailPath ? base : [...base, 'fields', 'detail']);
    const requested = parseFields(req, args, {});
    const { fields, detail } = detailPath ? { fields: undefined, detail: undefined } : listFields(req, requested, args.detail, CHASSIS_DEFAULT_LIST_FIELDS);
    const page = parsePage(args, this.config.maxLimit, SORT);
    const markerUuid = toUuid('marker', args.marker);
    const marker = markerUuid ? await this.repos.chassis.getByUuid(markerUuid) : undefined;
    const items = await this.repos.chassis.list(page, marker);
    const next = nextUrl(this.links, detailPath ? 'chassis/detail' : 'chassis', items.length, page.limit, items.at(-1)?.uuid, {
      sort_key: page.sortKey,
      sort_dir: page.sortDir,
      ...(detail !== undefined && { detail: detail ? 'True' : 'False' }),
      // Ironic carries the fields it returned, the defaults included, into the next page.
      ...(fields && { fields: fields.join(',') }),
    });
    return { chassis: items.map((c) => this.view.render(c, fields)), ...(next && { next }) };
  }

  get(uuid: string): Promise<ChassisRecord> {
    return this.repos.chassis.getByUuid(uuid);
  }

  async create(body: unknown): Promise<ChassisRecord> {
    const chassis = validateChassis(body, 'chassis');
    return this.repos.chassis.insert({
      uuid: (chassis.uuid as string | null) ?? randomUUID(),
      description: (chassis.description as string | null | undefined) ?? null,
      extra: (chassis.extra as Record<string, never> | null | undefined) ?? {},
    });
  }

  async update(uuid: string, body: unknown): Promise<ChassisRecord> {
    const patch = parsePatch(body);
    checkPatchAllowed(patch, CHASSIS_KEYS);
    const current = await this.repos.chassis.getByUuid(uuid);
    const patched = applyPatch(current as unknown as Record<string, unknown>, patch);
    const validated = validateChassis(Object.fromEntries(CHASSIS_KEYS.filter((k) => k in patched).map((k) => [k, patched[k]])), 'patch');
    // Removing the uuid counts as changing it, as in Ironic (its database layer refuses both).
    if ((validated.uuid ?? null) !== current.uuid) throw new InvalidParameterValue({ message: 'Cannot overwrite UUID for an existing Chassis.' });
    const next = { description: validated.description ?? null, extra: validated.extra ?? {} };
    const changes = Object.fromEntries(
      Object.entries(next).filter(([k, v]) => !isDeepStrictEqual((current as unknown as Record<string, unknown>)[k], v)),
    );
    if (Object.keys(changes).length === 0) return current;
    return this.repos.chassis.update(uuid, changes);
  }

  remove(uuid: string): Promise<void> {
    return this.repos.chassis.delete(uuid);
  }
}
