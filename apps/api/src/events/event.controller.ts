import { Body, Controller, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { Microversion } from '@ferrum/contracts';
import { NotFound } from '@ferrum/errors';
import type { Logger } from 'pino';
import { fromQuery, rejectUnexpected, toMac, toUuid } from '../common/args';
import { Authorizer } from '../common/authorizer';
import { Ironic, IronicRequest, allows } from '../common/ironic-request';
import { Schema, checkArgSchema } from '../common/schema-errors';
import { LOGGER } from '../tokens';
import { RequestBody } from '../openapi/request-body.decorator';

/** The events a network service may send (Ironic's EVENT_VALIDATORS): a port bound, unbound or deleted. */
const NETWORK_EVENTS = ['network.bind_port', 'network.unbind_port', 'network.delete_port'];

const EVENTS_SCHEMA: Schema = {
  type: 'object',
  properties: {
    events: {
      type: 'array',
      minItems: 1,
      items: { type: 'object', properties: { event: { type: 'string', enum: NETWORK_EVENTS } }, required: ['event'], additionalProperties: true },
    },
  },
  required: ['events'],
  additionalProperties: false,
};

const NETWORK_EVENT_SCHEMA: Schema = {
  type: 'object',
  properties: {
    event: { type: 'string' },
    port_id: { type: 'string' },
    mac_address: { type: 'string' },
    status: { type: 'string' },
    device_id: { type: ['string', 'null'] },
    'binding:host_id': { type: ['string', 'null'] },
    'binding:vnic_type': { type: ['string', 'null'] },
  },
  required: ['event', 'port_id', 'mac_address', 'status'],
  additionalProperties: false,
};

/**
 * POST /v1/events (1.54): external events (Neutron's port notifications), checked and acknowledged as
 * Ironic 21.4 does — it only logs them; Ferrum has no Neutron to act on them either.
 */
@Controller('v1/events')
export class EventController {
  constructor(
    private readonly authz: Authorizer,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Post()
  @HttpCode(204)
  @RequestBody(EVENTS_SCHEMA)
  post(@Ironic() req: IronicRequest, @Query() query: unknown, @Body() body: unknown): void {
    rejectUnexpected(fromQuery(query), []);
    const value = body === undefined ? {} : body;
    checkArgSchema('evts', value, EVENTS_SCHEMA);
    const events = (value as { events: Record<string, unknown>[] }).events;
    for (const event of events) {
      checkArgSchema('evts', event, NETWORK_EVENT_SCHEMA);
      toUuid('port_id', event.port_id);
      toMac('mac_address', event.mac_address);
      toUuid('device_id', event.device_id);
      toUuid('binding:host_id', event['binding:host_id']);
    }
    // Ironic checks the body first, then the version (its handler raises NotFound below 1.54).
    if (!allows(req, Microversion.EVENTS)) throw new NotFound({ message: 'Resource could not be found.' });
    this.authz.check(req, 'baremetal:events:post');
    for (const event of events) this.logger.debug({ event }, 'received external event');
  }
}
