import { Writable } from 'node:stream';
import { createLogger, resolveLogFormat } from './index';

/** A stand-in for stdout that keeps what is written; a terminal (with or without colours) or not. */
class Output extends Writable {
  private readonly chunks: string[] = [];
  readonly isTTY?: boolean;
  private readonly colours: boolean;

  constructor(tty: { isTTY?: boolean; colours?: boolean } = {}) {
    super();
    if (tty.isTTY) this.isTTY = true;
    this.colours = tty.colours ?? false;
  }

  hasColors(): boolean {
    return this.colours;
  }

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.chunks.push(chunk.toString());
    done();
  }

  /** What was written, once pino-pretty's pipe has passed it on. */
  async text(): Promise<string> {
    await new Promise((resolve) => setImmediate(resolve));
    return this.chunks.join('');
  }
}
const output = (tty?: { isTTY?: boolean; colours?: boolean }) => new Output(tty);

const ANSI = /\u001b\[[0-9;]*m/;
const HEAD = /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO \(ferrum-test\): /;

describe('resolveLogFormat', () => {
  it('auto is pretty on a terminal outside CI', () => {
    expect(resolveLogFormat('auto', { isTTY: true }, {})).toBe('pretty');
    expect(resolveLogFormat('auto', { isTTY: true }, { CI: '' })).toBe('pretty');
  });

  it('auto is JSON when stdout is not a terminal (a pipe, a file, a pod) or CI is set', () => {
    expect(resolveLogFormat('auto', {}, {})).toBe('json');
    expect(resolveLogFormat('auto', { isTTY: false }, {})).toBe('json');
    expect(resolveLogFormat('auto', { isTTY: true }, { CI: 'true' })).toBe('json');
    expect(resolveLogFormat('auto', { isTTY: true }, { CI: '1' })).toBe('json');
  });

  it('json and pretty are what they say, terminal or not', () => {
    expect(resolveLogFormat('json', { isTTY: true }, {})).toBe('json');
    expect(resolveLogFormat('pretty', {}, { CI: 'true' })).toBe('pretty');
  });
});

describe('createLogger', () => {
  it('writes JSON lines by default when the output is not a terminal', async () => {
    const out = output();
    createLogger('ferrum-test', 'info', 'auto', out, {}).info({ node: 'n1' }, 'hello');
    const line = JSON.parse(await out.text()) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 30, name: 'ferrum-test', service: 'ferrum-test', node: 'n1', msg: 'hello' });
  });

  it('writes JSON on a terminal under CI', async () => {
    const out = output({ isTTY: true, colours: true });
    createLogger('ferrum-test', 'info', 'auto', out, { CI: 'true' }).info('hello');
    expect(JSON.parse(await out.text())).toMatchObject({ msg: 'hello' });
  });

  it('writes one pretty line a record: time, level, service, message, then the fields as key=value', async () => {
    const out = output();
    const logger = createLogger('ferrum-test', 'info', 'pretty', out, {});
    logger.info({ node: 'n1', count: 3, ok: true, note: 'two words', list: [1, 2], audit: { user: 'admin', status: 202 } }, 'hello world');
    const text = await out.text();
    expect(text).toMatch(HEAD);
    expect(text).toBe(`${HEAD.exec(text)![0]}hello world node=n1 count=3 ok=true note="two words" list=[1,2] audit.user=admin audit.status=202\n`);
    expect(() => JSON.parse(text) as unknown).toThrow();
    expect(text).not.toMatch(ANSI);
    expect(text).not.toContain('pid');
    expect(text).not.toContain('hostname');
  });

  it('on a terminal: pretty by default, the level coloured when the terminal shows colours', async () => {
    const colour = output({ isTTY: true, colours: true });
    createLogger('ferrum-test', 'info', 'auto', colour, {}).warn('careful');
    expect(await colour.text()).toMatch(ANSI);
    expect(await colour.text()).toContain('careful');

    const plain = output({ isTTY: true, colours: false });
    createLogger('ferrum-test', 'info', 'auto', plain, {}).warn('careful');
    expect(await plain.text()).toMatch(/^\[[\d:.]+\] WARN \(ferrum-test\): careful\n$/);
  });

  it('shows an error with its stack, indented under the line, and the properties the stack does not show', async () => {
    const out = output();
    const err = Object.assign(new Error('boom'), { code: 'E_BOOM' });
    createLogger('ferrum-test', 'info', 'pretty', out, {}).error({ err, node: 'n1' }, 'power on failed');
    const [first, ...rest] = (await out.text()).trimEnd().split('\n');
    expect(first).toMatch(/\] ERROR \(ferrum-test\): power on failed node=n1 err\.code=E_BOOM$/);
    expect(rest[0]).toBe('    Error: boom');
    expect(rest[1]).toMatch(/^ {8}at /);
    expect(rest.length).toBeGreaterThan(2);
  });

  it('a logged Error alone gives its message as the message', async () => {
    const out = output();
    createLogger('ferrum-test', 'info', 'pretty', out, {}).error(new Error('alone'));
    expect(await out.text()).toMatch(/ERROR \(ferrum-test\): alone\n {4}Error: alone\n {8}at /);
  });

  it('drops terminal control sequences a message or a value carries (a BMC reply quoted in a log line)', async () => {
    const out = output();
    createLogger('ferrum-test', 'info', 'pretty', out, {}).info({ reply: 'ok\u001b[2J' }, 'bmc said \u001b[31mred\u009b');
    const text = await out.text();
    expect(text).not.toMatch(/[\u001b\u009b]/);
    expect(text).toContain('bmc said [31mred reply="ok\\u001b[2J"');
  });

  it('pretty lines show only what pino serialised: secrets masked for JSON stay masked', async () => {
    // Secrets are kept out of logs where they are logged (drivers redact BMC passwords from error messages, the
    // audit line has no body, values mask themselves when serialised): the pretty stream reads pino's JSON line.
    class Credentials {
      constructor(private readonly user: string, private readonly password: string) {}
      toJSON() {
        return { user: this.user, password: '******' };
      }
    }
    const record = { bmc: new Credentials('admin', 'hunter22'), err: new Error('login as admin/******') };
    const json = output();
    const pretty = output();
    createLogger('ferrum-test', 'info', 'json', json, {}).warn(record, 'bmc login failed');
    createLogger('ferrum-test', 'info', 'pretty', pretty, {}).warn(record, 'bmc login failed');
    for (const text of [await json.text(), await pretty.text()]) {
      expect(text).not.toContain('hunter22');
      expect(text).toContain('******');
    }
    expect(await pretty.text()).toContain('bmc.user=admin bmc.password=******');
    expect(await pretty.text()).toContain('Error: login as admin/******');
  });
});
