import { AbortIntrospection, GetIntrospectionStatus, ReplyOf, RequestOf, StartIntrospection } from '@ferrum/contracts';
import type { InspectionDialect, InspectorPort, InspectorStatus } from '@ferrum/drivers';
import { TemporaryFailure } from '@ferrum/errors';
import { FerrumClient, NoResponders } from '@ferrum/transport';

type InspectorCall = typeof StartIntrospection | typeof AbortIntrospection | typeof GetIntrospectionStatus;

/** The drivers' InspectorPort over the conductor's bus: calls to the inspectors' queue group. */
export class TransportInspectorPort implements InspectorPort {
  constructor(private readonly client: FerrumClient) {}

  async start(nodeUuid: string, options: { manageBoot: boolean; dialect: InspectionDialect }): Promise<void> {
    await this.call(StartIntrospection, { node_uuid: nodeUuid, manage_boot: options.manageBoot, dialect: options.dialect });
  }

  async abort(nodeUuid: string): Promise<void> {
    await this.call(AbortIntrospection, { node_uuid: nodeUuid });
  }

  async status(nodeUuid: string): Promise<InspectorStatus | null> {
    const status = await this.call(GetIntrospectionStatus, { node_uuid: nodeUuid });
    return status && { finished: status.finished, error: status.error };
  }

  private async call<C extends InspectorCall>(call: C, request: RequestOf<C>): Promise<ReplyOf<C>> {
    try {
      return await this.client.call(call, request, { peer: 'inspector' });
    } catch (error) {
      if (error instanceof NoResponders) throw new TemporaryFailure({ message: 'No inspector is running; start one (--role inspector) and retry.' });
      throw error;
    }
  }
}
