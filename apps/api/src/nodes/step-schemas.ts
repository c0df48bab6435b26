import { Microversion } from '@ferrum/contracts';
import type { Schema } from '../common/schema-errors';

/**
 * Ironic's _CLEAN_STEPS_SCHEMA and DEPLOY_STEP_SCHEMA (api/controllers/v1/node.py, utils.py) as data: key order,
 * descriptions and all, because a refusal prints the failing part of them. The interface lists are the keys of
 * CLEANING_/DEPLOYING_INTERFACE_PRIORITY in conductor/steps.py, which are the same in each release: Ironic 21.4's
 * five, and from 23.0 (API 1.87, where service steps arrive) with `vendor` and `firmware`.
 */
export const STEP_INTERFACES = ['power', 'management', 'deploy', 'bios', 'raid'] as const;
export const STEP_INTERFACES_SINCE_SERVICING = ['vendor', 'power', 'management', 'firmware', 'deploy', 'bios', 'raid'] as const;

/** The interfaces a step may name in the release whose API maximum is served (pinning keeps 21.4's). */
export function stepInterfaces(maximum: number): readonly string[] {
  return maximum >= Microversion.SERVICING ? STEP_INTERFACES_SINCE_SERVICING : STEP_INTERFACES;
}

/** The schemas with the interface list of the served release. */
export function stepSchemas(maximum: number): { clean: Schema; deploy: Schema } {
  const interfaces = [...stepInterfaces(maximum)];
  const clean = structuredClone(CLEAN_STEPS_SCHEMA) as { items: { properties: { interface: { enum: string[] } } } };
  clean.items.properties.interface.enum = interfaces;
  const deploy = structuredClone(DEPLOY_STEPS_SCHEMA) as { items: { properties: { interface: { enum: string[] } } } };
  deploy.items.properties.interface.enum = interfaces;
  return { clean, deploy };
}

export const CLEAN_STEPS_SCHEMA: Schema = {
  $schema: 'http://json-schema.org/schema#',
  title: 'Clean steps schema',
  type: 'array',
  items: {
    type: 'object',
    required: ['interface', 'step'],
    properties: {
      interface: { description: 'driver interface', enum: [...STEP_INTERFACES] },
      step: { description: 'name of clean step', type: 'string', minLength: 1 },
      args: { description: 'additional args', type: 'object', properties: {} },
    },
    additionalProperties: false,
  },
};

export const DEPLOY_STEPS_SCHEMA: Schema = {
  $schema: 'http://json-schema.org/schema#',
  title: 'Deploy steps schema',
  type: 'array',
  items: {
    type: 'object',
    properties: {
      args: { type: 'object' },
      interface: { type: 'string', enum: [...STEP_INTERFACES] },
      priority: {
        anyOf: [
          { type: 'integer', minimum: 0 },
          { type: 'string', minLength: 1, pattern: '^[0-9]+$' },
        ],
      },
      step: { type: 'string', minLength: 1 },
    },
    required: ['interface', 'step', 'args', 'priority'],
    additionalProperties: false,
  },
};
