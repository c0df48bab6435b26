import {
  CreateVolumeConnector,
  CreateVolumeTarget,
  DeleteVolumeConnector,
  DeleteVolumeTarget,
  NodeRecord,
  UpdateVolumeConnector,
  UpdateVolumeTarget,
  VolumeConnectorRecord,
  VolumeTargetRecord,
} from '@ferrum/contracts';
import { FerrumError, VolumeConnectorNotFound, VolumeTargetNotFound } from '@ferrum/errors';
import type { Page, Repositories, VolumeFilter } from '@ferrum/persistence';
import type { ConductorRouter } from '@ferrum/transport';
import { z } from 'zod';
import type { SortRules } from '../common/collection';
import { jsonType } from '../common/json-schema';
import { CONNECTOR_DEFAULT_LIST_FIELDS, TARGET_DEFAULT_LIST_FIELDS, VolumeView } from './volume.view';

export type VolumeRecord = VolumeConnectorRecord | VolumeTargetRecord;

/**
 * What differs between volume connectors and targets; the rest of Ironic's two controllers is the same
 * code (VolumeService). Schemas list their properties in Ironic's order: jsonschema reports the first bad one.
 */
export interface VolumeKind<R extends VolumeRecord> {
  /** The body's name in schema errors, and the collection below /v1/volume. */
  body: 'connector' | 'target';
  collection: 'connectors' | 'targets';
  /** The identifier argument, named in its validation error. */
  ident: 'connector_uuid' | 'target_uuid';
  schema: z.ZodObject;
  /** Ironic's `required`, in its order (jsonschema reports a missing property before anything else). */
  required: string[];
  patchAllowed: string[];
  /** Fields a PATCH may change, and the value a removed one takes. */
  changeable: Record<string, unknown>;
  sort: SortRules;
  defaultFields: string[];
  /** Only targets hide their properties from callers without baremetal:volume:view_target_properties. */
  redacts: boolean;
  notFound(uuid: string): FerrumError;
  find(repos: Repositories, uuid: string): Promise<R | undefined>;
  list(repos: Repositories, filter: VolumeFilter, page: Page, marker?: R): Promise<R[]>;
  create(router: ConductorRouter, node: NodeRecord, input: Record<string, unknown>, requestId: string): Promise<R>;
  update(router: ConductorRouter, node: NodeRecord, uuid: string, changes: Record<string, unknown>, requestId: string): Promise<R>;
  remove(router: ConductorRouter, node: NodeRecord, uuid: string, requestId: string): Promise<unknown>;
  render(view: VolumeView, record: R, fields: string[] | undefined, redact: boolean): Record<string, unknown>;
}

export const CONNECTORS: VolumeKind<VolumeConnectorRecord> = {
  body: 'connector',
  collection: 'connectors',
  ident: 'connector_uuid',
  schema: z.strictObject({
    connector_id: jsonType(['string'], { required: true }),
    extra: jsonType(['object', 'null']),
    node_uuid: jsonType(['string'], { required: true }),
    type: jsonType(['string'], { required: true }),
    uuid: jsonType(['string', 'null']),
  }),
  required: ['connector_id', 'node_uuid', 'type'],
  patchAllowed: ['connector_id', 'extra', 'node_uuid', 'type'],
  changeable: { connector_id: null, extra: {}, type: null },
  sort: { columns: ['id', 'uuid', 'node_id', 'type', 'connector_id', 'created_at', 'updated_at'], refused: ['extra'] },
  defaultFields: CONNECTOR_DEFAULT_LIST_FIELDS,
  redacts: false,
  notFound: (uuid) => new VolumeConnectorNotFound({ connector: uuid }),
  find: (repos, uuid) => repos.volumeConnectors.findByUuid(uuid),
  list: (repos, filter, page, marker) => repos.volumeConnectors.list(filter, page, marker),
  create: (router, node, input, requestId) => router.call(node, CreateVolumeConnector, { connector: input as never }, requestId),
  update: (router, node, uuid, changes, requestId) => router.call(node, UpdateVolumeConnector, { connector_uuid: uuid, changes }, requestId),
  remove: (router, node, uuid, requestId) => router.call(node, DeleteVolumeConnector, { connector_uuid: uuid }, requestId),
  render: (view, record, fields) => view.connector(record, fields),
};

export const TARGETS: VolumeKind<VolumeTargetRecord> = {
  body: 'target',
  collection: 'targets',
  ident: 'target_uuid',
  schema: z.strictObject({
    boot_index: jsonType(['integer'], { required: true }),
    extra: jsonType(['object', 'null']),
    node_uuid: jsonType(['string'], { required: true }),
    properties: jsonType(['object', 'null']),
    volume_id: jsonType(['string'], { required: true }),
    volume_type: jsonType(['string'], { required: true }),
    uuid: jsonType(['string', 'null']),
  }),
  required: ['boot_index', 'node_uuid', 'volume_id', 'volume_type'],
  patchAllowed: ['boot_index', 'extra', 'node_uuid', 'properties', 'volume_id', 'volume_type'],
  changeable: { boot_index: null, extra: {}, properties: {}, volume_id: null, volume_type: null },
  sort: { columns: ['id', 'uuid', 'node_id', 'volume_type', 'boot_index', 'volume_id', 'created_at', 'updated_at'], refused: ['extra', 'properties'] },
  defaultFields: TARGET_DEFAULT_LIST_FIELDS,
  redacts: true,
  notFound: (uuid) => new VolumeTargetNotFound({ target: uuid }),
  find: (repos, uuid) => repos.volumeTargets.findByUuid(uuid),
  list: (repos, filter, page, marker) => repos.volumeTargets.list(filter, page, marker),
  create: (router, node, input, requestId) => router.call(node, CreateVolumeTarget, { target: input as never }, requestId),
  update: (router, node, uuid, changes, requestId) => router.call(node, UpdateVolumeTarget, { target_uuid: uuid, changes }, requestId),
  remove: (router, node, uuid, requestId) => router.call(node, DeleteVolumeTarget, { target_uuid: uuid }, requestId),
  render: (view, record, fields, redact) => view.target(record, fields, redact),
};
