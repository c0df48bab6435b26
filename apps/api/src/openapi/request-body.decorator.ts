import type { Schema } from '@ferrum/contracts';
import { SetMetadata } from '@nestjs/common';
import type { z } from 'zod';

export const REQUEST_BODY = 'ferrum:openapi:request-body';

/** A body schema as the code validates it: a JSON Schema, a zod schema, or one that depends on the served maximum. */
export type BodySchema = Schema | z.ZodType | ((maximum: number) => Schema);

/**
 * Names, beside the route, the schema its handler checks the body against, so the API reference shows the very
 * object the request is validated with (the handler still validates; this only points at it).
 */
export const RequestBody = (schema: BodySchema) => SetMetadata(REQUEST_BODY, schema);
