import { Module } from '@nestjs/common';
import { NodeCreateService } from './node-create.service';
import { NodeListService } from './node-list.service';
import { NodeLookup } from './node-lookup';
import { NodeMaintenanceService } from './node-maintenance.service';
import { NodeManagementController } from './node-management.controller';
import { NodeManagementService } from './node-management.service';
import { NodePatchService } from './node-patch.service';
import { NodeProvisionService } from './node-provision.service';
import { NodeRemoveService } from './node-remove.service';
import { NodeStatesController } from './node-states.controller';
import { NodeStatesService } from './node-states.service';
import { NodeRaidService } from './node-raid.service';
import { NodeConsoleService } from './node-console.service';
import { NodeController } from './node.controller';
import { NodeView } from './node.view';
import { NodeBiosController } from './node-bios.controller';
import { NodeFirmwareController } from './node-firmware.controller';
import { NodeVmediaController } from './node-vmedia.controller';
import { NodeChildrenController } from './node-children.controller';
import { NodeChildrenService } from './node-children.service';
import { NodeHistoryController } from './node-history.controller';
import { NodeInventoryController } from './node-inventory.controller';
import { NodeTraitsController } from './node-traits.controller';
import { NodeVifsController } from './node-vifs.controller';
import { NodeVifsService } from './node-vifs.service';
import { NodeTraitsService } from './node-traits.service';

@Module({
  controllers: [NodeController, NodeStatesController, NodeManagementController, NodeTraitsController, NodeInventoryController, NodeVifsController, NodeHistoryController, NodeBiosController, NodeFirmwareController, NodeVmediaController, NodeChildrenController],
  providers: [
    NodeLookup,
    NodeView,
    NodeListService,
    NodeCreateService,
    NodePatchService,
    NodeRemoveService,
    NodeStatesService,
    NodeRaidService,
    NodeConsoleService,
    NodeProvisionService,
    NodeManagementService,
    NodeMaintenanceService,
    NodeTraitsService,
    NodeVifsService,
    NodeChildrenService,
  ],
  exports: [NodeLookup, NodeListService],
})
export class NodesModule {}
