import { Controller, Inject } from '@nestjs/common';
import { RequestOf, SetTargetRaidConfig } from '@ferrum/contracts';
import { type DriverRegistry, validateRaidConfig } from '@ferrum/drivers';
import { Handles } from '@ferrum/transport';
import { TaskManager } from '../locks/task-manager';
import { DRIVERS } from '../tokens';

/** The node's target RAID configuration (Ironic's ConductorManager.set_target_raid_config). */
@Controller()
export class RaidController {
  constructor(
    private readonly tasks: TaskManager,
    @Inject(DRIVERS) private readonly drivers: DriverRegistry,
  ) {}

  /**
   * Under the node's lock: a non-empty target is checked by the node's RAID interface (no-raid refuses it,
   * UnsupportedDriverExtension; the others check Ironic's schema), then stored. An empty one clears the
   * target unchecked, whatever the interface, as Ironic lets an operator do.
   */
  @Handles(SetTargetRaidConfig)
  async setTarget(req: RequestOf<typeof SetTargetRaidConfig>) {
    await this.tasks.withExclusive(req.node_uuid, async (task) => {
      const target = req.target_raid_config;
      if (Object.keys(target).length) {
        const raid = this.drivers.get(task.node, 'raid');
        if (raid.validateRaidConfig) raid.validateRaidConfig(task, target);
        else validateRaidConfig(target);
      }
      await task.save({ target_raid_config: target });
    });
    return null;
  }
}
