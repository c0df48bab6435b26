import type { Schema } from '../common/schema-errors';

/**
 * Ironic's _CLEAN_STEPS_SCHEMA and DEPLOY_STEP_SCHEMA (api/controllers/v1/node.py, utils.py) as data: key order,
 * descriptions and all, because a refusal prints the failing part of them. The interface lists are the keys of
 * CLEANING_/DEPLOYING_INTERFACE_PRIORITY in conductor/steps.py, which are the same in this release.
 */
export const STEP_INTERFACES = ['power', 'management', 'deploy', 'bios', 'raid'] as const;

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
