import pretty, { type PrettyOptions } from 'pino-pretty';
import type { LogOutput } from './format';

type Colors = { gray(s: string): string };
type Fields = Record<string, unknown>;

/** Keys the line's head already shows (time, level, name), or that say nothing to a person at a terminal. */
const HEAD_KEYS = new Set(['time', 'level', 'msg', 'name', 'service', 'pid', 'hostname', 'err']);
/** Parts of a serialised error its stack shows (the stack starts with "Type: message" and includes its causes). */
const ERROR_STACK_KEYS = new Set(['type', 'message', 'stack', 'cause']);

/**
 * Control characters that would move the cursor or recolour the terminal (a BMC's reply quoted in a message):
 * dropped, as pino-pretty drops them from the messages it formats itself. Tabs and newlines stay.
 */
const UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
const safe = (text: string) => text.replace(UNSAFE, '');
const BARE = /^[^\s"=\u0000-\u001F\u007F-\u009F]+$/;

const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A value as `key=value` shows it: a bare word when it is one, JSON otherwise (quotes, spaces, objects, arrays). */
function show(value: unknown): string {
  if (typeof value === 'string') return BARE.test(value) ? value : safe(JSON.stringify(value));
  if (typeof value === 'bigint') return value.toString();
  return safe(JSON.stringify(value) ?? String(value));
}

/** `key=value` pairs, nested objects flattened with dots (audit.user=admin audit.status=202). */
function pairs(fields: Fields, colors: Colors, prefix = ''): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    const name = `${prefix}${key}`;
    if (isObject(value) && Object.keys(value).length > 0) out.push(...pairs(value, colors, `${name}.`));
    else out.push(`${colors.gray(`${safe(name)}=`)}${show(value)}`);
  }
  return out;
}

/** The message, the other fields as key=value, then the error's stack indented on the lines below. */
export function formatMessage(log: Fields, colors: Colors): string {
  const rest = Object.fromEntries(Object.entries(log).filter(([key]) => !HEAD_KEYS.has(key)));
  const msg = typeof log.msg === 'string' ? safe(log.msg) : log.msg === undefined ? '' : show(log.msg);
  const err = log.err;
  let stack = '';
  if (isObject(err) && typeof err.stack === 'string') {
    // What the stack does not show (code, status…) goes on the line with the other fields.
    const extra = Object.fromEntries(Object.entries(err).filter(([key]) => !ERROR_STACK_KEYS.has(key)));
    if (Object.keys(extra).length) rest.err = extra;
    stack = `\n${safe(err.stack).replace(/^/gm, '    ')}`;
  } else if (err !== undefined) {
    rest.err = err;
  }
  const fields = pairs(rest, colors);
  return `${[msg, ...fields].filter(Boolean).join(' ')}${stack}`;
}

/**
 * pino-pretty as a synchronous stream of this process (not pino's worker-thread transport: no extra thread, and
 * nothing to resolve at run time). It reads the lines pino has already serialised, so serializers and anything
 * pino removes apply to the pretty lines exactly as to the JSON ones.
 * `[17:41:02.123] INFO (ferrum-all): database open database=pglite:./.ferrum/db`
 */
export function prettyStream(destination: LogOutput | 1, colorize: boolean): NodeJS.WritableStream {
  const options: PrettyOptions = {
    sync: true,
    destination,
    colorize,
    translateTime: 'SYS:HH:MM:ss.l',
    // The service is pino's `name`, shown in the head as (ferrum-all); the fields are formatted by formatMessage.
    ignore: 'pid,hostname,service',
    hideObject: true,
    messageFormat: (log, _messageKey, _levelLabel, extras) => formatMessage(log, extras.colors),
  };
  return pretty(options);
}
