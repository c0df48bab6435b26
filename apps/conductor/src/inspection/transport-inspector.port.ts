import { INSPECTOR_QUEUE, InspectorRpc, IntrospectionStatus, inspectorSubject } from '@ferrum/contracts';
import type { InspectorPort, InspectorStatus } from '@ferrum/drivers';
import { TemporaryFailure } from '@ferrum/errors';
import { NoResponders, Transport } from '@ferrum/transport';

/** The drivers' InspectorPort over the conductor's transport: request/reply to the inspectors' queue group. */
export class TransportInspectorPort implements InspectorPort {
  constructor(
    private readonly transport: Transport,
    private readonly timeoutMs: number,
    private readonly subject: string = INSPECTOR_QUEUE,
  ) {}

  async start(nodeUuid: string, options: { manageBoot: boolean }): Promise<void> {
    await this.call('introspection.start.v1', { node_uuid: nodeUuid, manage_boot: options.manageBoot });
  }

  async abort(nodeUuid: string): Promise<void> {
    await this.call('introspection.abort.v1', { node_uuid: nodeUuid });
  }

  async status(nodeUuid: string): Promise<InspectorStatus | null> {
    const status: IntrospectionStatus | null = await this.call('introspection.status.v1', { node_uuid: nodeUuid });
    return status && { finished: status.finished, error: status.error };
  }

  private async call<M extends keyof InspectorRpc>(method: M, request: InspectorRpc[M]['request']): Promise<InspectorRpc[M]['reply']> {
    try {
      return await this.transport.request<InspectorRpc[M]['reply']>(inspectorSubject(method, this.subject), request, { timeoutMs: this.timeoutMs, peer: 'inspector' });
    } catch (error) {
      if (error instanceof NoResponders) throw new TemporaryFailure({ message: 'No inspector is running; start one (--role inspector) and retry.' });
      throw error;
    }
  }
}
