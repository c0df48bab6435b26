/**
 * A request body as the JSON object a Redfish action or PATCH takes (an empty body counts as `{}`), or
 * undefined when it is not one: the caller answers with the Redfish error for a malformed body.
 */
export function parseObject(raw: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(raw || '{}');
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
