import { z } from 'zod';
import { defineCall } from '../call';
import type { Dict, VolumeConnectorRecord, VolumeTargetRecord } from '../records';
import { record, uuid } from './fields';

/** A new volume connector; the API has validated it and checked the node exists. */
export interface VolumeConnectorCreateInput {
  uuid: string;
  node_uuid: string;
  type: string;
  connector_id: string;
  extra?: Dict;
}
/** Only what a PATCH changed; `node_uuid` moves the connector to that node. */
export type VolumeConnectorChanges = Partial<Omit<VolumeConnectorCreateInput, 'uuid'>>;

/** A new volume target; the API has validated it and checked the node exists. */
export interface VolumeTargetCreateInput {
  uuid: string;
  node_uuid: string;
  volume_type: string;
  volume_id: string;
  boot_index: number;
  properties?: Dict;
  extra?: Dict;
}
/** Only what a PATCH changed; `node_uuid` moves the target to that node. */
export type VolumeTargetChanges = Partial<Omit<VolumeTargetCreateInput, 'uuid'>>;

/** Ironic creates a connector in its API, without the node's lock or any state check; so does this call. */
export const CreateVolumeConnector = defineCall<{ connector: VolumeConnectorCreateInput }, VolumeConnectorRecord>()(
  'conductor',
  'volume-connector.create.v1',
  z.object({ connector: z.looseObject({ uuid, node_uuid: uuid, type: z.string(), connector_id: z.string() }) }),
);

/** Ironic's update_volume_connector: under the lock of the node it ends up on, which must be powered off. */
export const UpdateVolumeConnector = defineCall<{ connector_uuid: string; changes: VolumeConnectorChanges }, VolumeConnectorRecord>()(
  'conductor',
  'volume-connector.update.v1',
  z.object({ connector_uuid: uuid, changes: record }),
);

/** Ironic's destroy_volume_connector: under the node's lock, the node powered off. */
export const DeleteVolumeConnector = defineCall<{ connector_uuid: string }, null>()('conductor', 'volume-connector.delete.v1', z.object({ connector_uuid: uuid }));

/** Ironic creates a target in its API, without the node's lock or any state check; so does this call. */
export const CreateVolumeTarget = defineCall<{ target: VolumeTargetCreateInput }, VolumeTargetRecord>()(
  'conductor',
  'volume-target.create.v1',
  z.object({ target: z.looseObject({ uuid, node_uuid: uuid, volume_type: z.string(), volume_id: z.string(), boot_index: z.number().int() }) }),
);

/** Ironic's update_volume_target: under the lock of the node it ends up on, which must be powered off. */
export const UpdateVolumeTarget = defineCall<{ target_uuid: string; changes: VolumeTargetChanges }, VolumeTargetRecord>()(
  'conductor',
  'volume-target.update.v1',
  z.object({ target_uuid: uuid, changes: record }),
);

/** Ironic's destroy_volume_target: under the node's lock, the node powered off. */
export const DeleteVolumeTarget = defineCall<{ target_uuid: string }, null>()('conductor', 'volume-target.delete.v1', z.object({ target_uuid: uuid }));
