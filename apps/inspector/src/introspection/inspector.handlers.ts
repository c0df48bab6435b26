import { INSPECTOR_QUEUE, INSPECTOR_REQUEST_SCHEMAS, InspectorMethod, InspectorRpc, inspectorSubject } from '@ferrum/contracts';
import { InvalidParameterValue, NotFound } from '@ferrum/errors';
import type { Subscription, Transport } from '@ferrum/transport';
import type { IntrospectionService } from './introspection.service';
import { statusOf } from './status-view';

type Handlers = { [M in InspectorMethod]: (req: InspectorRpc[M]['request']) => Promise<InspectorRpc[M]['reply']> };

/** The inspector's NATS edge, for the conductor's `inspector` inspect interface; one queue group for all inspectors. */
export class InspectorHandlers {
  private subscriptions: Subscription[] = [];

  constructor(
    private readonly transport: Transport,
    private readonly introspection: IntrospectionService,
    private readonly subject: string = INSPECTOR_QUEUE,
  ) {}

  private readonly handlers: Handlers = {
    'introspection.start.v1': async (req) => statusOf(await this.introspection.start(req.node_uuid, req.manage_boot, true)),
    'introspection.abort.v1': async (req) => {
      await this.introspection.abort(req.node_uuid);
      return null;
    },
    'introspection.status.v1': async (req) => {
      try {
        return statusOf(await this.introspection.status(req.node_uuid));
      } catch (err) {
        if (err instanceof NotFound) return null;
        throw err;
      }
    },
  };

  async subscribe(): Promise<void> {
    for (const [method, handler] of Object.entries(this.handlers) as [InspectorMethod, (req: unknown) => Promise<unknown>][]) {
      const schema = INSPECTOR_REQUEST_SCHEMAS[method];
      this.subscriptions.push(
        await this.transport.handle(
          inspectorSubject(method, this.subject),
          async (payload) => {
            const parsed = schema.safeParse(payload);
            if (!parsed.success) throw new InvalidParameterValue({ message: `Malformed ${method} request: ${parsed.error.issues[0].message}` });
            return handler(payload);
          },
          { queue: this.subject },
        ),
      );
    }
  }

  async unsubscribe(): Promise<void> {
    await Promise.all(this.subscriptions.map((s) => s.unsubscribe()));
    this.subscriptions = [];
  }
}
