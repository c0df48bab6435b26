import type { Dict, RunbookStep } from '@ferrum/contracts';
import { InvalidDeployTemplate } from '@ferrum/errors';
import { toUuid } from '../common/args';
import { type Schema, checkArgSchema } from '../common/schema-errors';
import { TRAIT_SCHEMA } from '../nodes/node-traits.service';
import { STEP_INTERFACES_SINCE_SERVICING } from '../nodes/step-schemas';

/** Ironic's RUNBOOK_STEP_SCHEMA: a cleaning interface, an order as an integer or its digits; args optional. */
export const RUNBOOK_STEP_SCHEMA: Schema = {
  type: 'object',
  properties: {
    args: { type: 'object' },
    // CLEANING_INTERFACE_PRIORITY's keys: runbooks exist only in releases that have vendor and firmware steps.
    interface: { type: 'string', enum: [...STEP_INTERFACES_SINCE_SERVICING] },
    step: { type: 'string', minLength: 1 },
    order: { anyOf: [{ type: 'integer', minimum: 0 }, { type: 'string', minLength: 1, pattern: '^[0-9]+$' }] },
  },
  required: ['interface', 'step', 'order'],
  additionalProperties: false,
};

/**
 * Ironic 26.1's RUNBOOK_SCHEMA: named by a trait, at least one step. `description` is in the schema but not
 * in the object, so Ironic accepts it and keeps nothing; so does Ferrum.
 */
export const RUNBOOK_SCHEMA: Schema = {
  type: 'object',
  properties: {
    uuid: { type: ['string', 'null'] },
    name: TRAIT_SCHEMA,
    description: { type: ['string', 'null'], maxLength: 255 },
    steps: { type: 'array', items: RUNBOOK_STEP_SCHEMA, minItems: 1 },
    disable_ramdisk: { type: ['boolean', 'null'] },
    extra: { type: ['object', 'null'] },
    public: { type: ['boolean', 'null'] },
    owner: { type: ['string', 'null'], maxLength: 255 },
  },
  required: ['steps', 'name'],
  additionalProperties: false,
};

type GivenStep = Omit<RunbookStep, 'order' | 'args'> & { order: number | string; args?: Dict };

/** A runbook body as RUNBOOK_VALIDATOR passed it, with Ironic's object defaults filled in. */
export interface ValidRunbook {
  uuid?: string | null;
  name: string;
  steps: RunbookStep[];
  disable_ramdisk: boolean;
  extra: Dict;
  public: boolean;
  owner: string | null;
}

/**
 * RUNBOOK_VALIDATOR: the schema (errors name the body `name`: `runbook` on create, `patch` on update), no
 * interface/step pair twice, a uuid that is one.
 * @throws InvalidParameterValue (400) for the schema and the uuid; InvalidDeployTemplate (400) for duplicates,
 *   as Ironic's shared duplicate_steps raises it for runbooks too.
 */
export function validateRunbook(body: unknown, name: string): ValidRunbook {
  checkArgSchema(name, body === undefined ? {} : body, RUNBOOK_SCHEMA);
  const runbook = body as { uuid?: string | null; name: string; steps: GivenStep[]; disable_ramdisk?: boolean | null; extra?: Dict | null; public?: boolean | null; owner?: string | null };
  const counts = new Map<string, number>();
  for (const s of runbook.steps) {
    const key = `interface: ${s.interface}, step: ${s.step}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const duplicates = [...counts].filter(([, n]) => n > 1).map(([k]) => k);
  if (duplicates.length) {
    throw new InvalidDeployTemplate({
      // Ironic 26.1's wording, shared with deploy templates (it says "template" for runbooks too).
      err: `Duplicate deploy steps. A template cannot have multiple deploy steps with the same interface and step. Duplicates: ${duplicates.join('; ')}`,
    });
  }
  toUuid('uuid', runbook.uuid);
  return {
    uuid: runbook.uuid,
    name: runbook.name,
    // The database keeps the order as an integer and the arguments as a dict, as Ironic's runbook_steps does.
    steps: runbook.steps.map((s) => ({ interface: s.interface, step: s.step, args: s.args ?? {}, order: Number(s.order) })),
    disable_ramdisk: runbook.disable_ramdisk ?? false,
    extra: runbook.extra ?? {},
    public: runbook.public ?? false,
    owner: runbook.owner ?? null,
  };
}
