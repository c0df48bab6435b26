/** A driver_info or Redfish value as text: scalars as they are, anything else as JSON (never "[object Object]"). */
export const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' ? String(v) : JSON.stringify(v) ?? '');
