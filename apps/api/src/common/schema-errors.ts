import { InvalidParameterValue } from '@ferrum/errors';
import { bestMatch, iterErrors, type Schema } from '@ferrum/contracts';

/** The JSON Schema engine lives in @ferrum/contracts (the drivers use it too); the API's callers import it from here. */
export { bestMatch, formatSchemaError, iterErrors, type Schema, type SchemaError } from '@ferrum/contracts';

/**
 * Ironic's `args.schema` validator: `Schema error for <name>: <best match>`, and, because "not valid under
 * any of the given schemas" says little, the most relevant error inside it as a "Possible root cause".
 */
export function checkArgSchema(name: string, value: unknown, schema: Schema): void {
  const error = bestMatch(iterErrors(value, schema));
  if (!error) return;
  let message = `Schema error for ${name}: ${error.message}`;
  let cause: string | undefined;
  for (let current = error; current.context.length; ) {
    current = bestMatch(current.context)!;
    cause = current.message;
  }
  if (cause !== undefined) message += `. Possible root cause: ${cause}`;
  throw new InvalidParameterValue({ message });
}
