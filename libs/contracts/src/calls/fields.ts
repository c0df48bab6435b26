import { z } from 'zod';

/** Field schemas shared by the calls' request checks. */
export const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'expected a UUID');
export const record = z.record(z.string(), z.unknown());
export const httpMethod = z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
