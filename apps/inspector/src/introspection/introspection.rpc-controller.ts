import { Controller } from '@nestjs/common';
import { AbortIntrospection, GetIntrospectionStatus, RequestOf, StartIntrospection } from '@ferrum/contracts';
import { NotFound } from '@ferrum/errors';
import { Handles } from '@ferrum/transport';
import { IntrospectionService } from './introspection.service';
import { statusOf } from './status-view';

/** The inspector's calls on the bus, for the conductor's `inspector` inspect interface; one queue group for all inspectors. */
@Controller()
export class IntrospectionRpcController {
  constructor(private readonly introspection: IntrospectionService) {}

  @Handles(StartIntrospection)
  async start(req: RequestOf<typeof StartIntrospection>) {
    return statusOf(await this.introspection.start(req.node_uuid, req.manage_boot, true, req.dialect));
  }

  @Handles(AbortIntrospection)
  async abort(req: RequestOf<typeof AbortIntrospection>) {
    await this.introspection.abort(req.node_uuid);
    return null;
  }

  @Handles(GetIntrospectionStatus)
  async status(req: RequestOf<typeof GetIntrospectionStatus>) {
    try {
      return statusOf(await this.introspection.status(req.node_uuid));
    } catch (err) {
      if (err instanceof NotFound) return null;
      throw err;
    }
  }
}
