import { z } from 'zod';
import { option } from './option';

/** The event stream (`GET /v1/ferrum/events`): the conductors' relay numbers and broadcasts, the API serves. */
export const eventOptions = {
  eventsRelayIntervalMs: option(
    'FERRUM_EVENTS_RELAY_INTERVAL_MS',
    z.coerce.number().int().min(0).max(60_000).default(100),
    "How often a conductor's relay looks for new events to number and broadcast (one relay works at a time; 0 turns it off on this conductor).",
  ),
  eventsRetentionS: option(
    'FERRUM_EVENTS_RETENTION_S',
    z.coerce.number().int().min(60).max(30 * 86_400).default(3600),
    'How long events are kept: a subscriber that comes back with Last-Event-ID within this window misses nothing.',
  ),
  eventsMaxSubscribers: option(
    'FERRUM_EVENTS_MAX_SUBSCRIBERS',
    z.coerce.number().int().min(1).max(100_000).default(1000),
    'How many event stream subscribers one API process serves at once; more are answered 503.',
  ),
};
