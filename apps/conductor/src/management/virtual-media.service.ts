import { Inject, Injectable } from '@nestjs/common';
import { pyRepr } from '@ferrum/contracts';
import type { DriverRegistry, ManagementInterface, VmediaDevice } from '@ferrum/drivers';
import { UnsupportedDriverExtension } from '@ferrum/errors';
import type { NodeTask } from '../locks/task-manager';
import { TaskManager } from '../locks/task-manager';
import { WorkerPool } from '../locks/worker-pool';
import { DRIVERS } from '../tokens';
import { spawnManagementJob } from './management-job';

const describe = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Virtual media (API 1.89, Ironic's attach_virtual_media / detach_virtual_media): under the node's lock the
 * management interface is validated and last_error cleared before the API answers; the BMC is asked in a
 * worker, and a failure lands in last_error (and the node's history) in Ironic's words.
 */
@Injectable()
export class VirtualMediaService {
  constructor(
    private readonly tasks: TaskManager,
    private readonly pool: WorkerPool,
    @Inject(DRIVERS) private readonly drivers: DriverRegistry,
  ) {}

  attach(uuid: string, device: VmediaDevice, imageUrl: string): Promise<void> {
    return this.run(uuid, `Could not attach device ${device} to node ${uuid}`, async (task, management) => {
      if (!management.attachVirtualMedia) throw new UnsupportedDriverExtension({ driver: task.node.driver, extension: 'attach_virtual_media' });
      await management.attachVirtualMedia(task, device, imageUrl);
    });
  }

  /** Read at once under the node's lock (Ironic acquires an exclusive task for it too). */
  list(uuid: string): Promise<{ media_types: string[]; inserted: boolean | null; image: string | null }[]> {
    return this.tasks.withExclusive(uuid, async (task) => {
      const management = this.drivers.get(task.node, 'management');
      await management.validate(task);
      if (!management.getVirtualMedia) throw new UnsupportedDriverExtension({ driver: task.node.driver, extension: 'get_virtual_media' });
      return management.getVirtualMedia(task);
    });
  }

  detach(uuid: string, devices: VmediaDevice[] | undefined): Promise<void> {
    return this.run(uuid, `Could not detach device(s) ${devices ? pyRepr(devices) : 'None'} from node ${uuid}`, async (task, management) => {
      if (!management.detachVirtualMedia) throw new UnsupportedDriverExtension({ driver: task.node.driver, extension: 'detach_virtual_media' });
      await management.detachVirtualMedia(task, devices);
    });
  }

  private run(uuid: string, failure: string, job: (task: NodeTask, management: ManagementInterface) => Promise<void>): Promise<void> {
    return spawnManagementJob({ tasks: this.tasks, pool: this.pool, drivers: this.drivers }, uuid, async (task, management) => {
      try {
        await job(task, management);
      } catch (err) {
        await task.save({ last_error: `${failure}: ${describe(err)}` });
      }
    });
  }
}
