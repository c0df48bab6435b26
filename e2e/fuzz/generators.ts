/**
 * Malformed input for the fuzz suite, from a seeded generator (the seed is printed: a failure is
 * reproduced with FERRUM_FUZZ_SEED). Each value is something a careless or hostile client could send.
 */
export class Fuzz {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0 || 1;
  }

  /** xorshift32: small, fast, reproducible. */
  next(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state / 0x100000000;
  }

  int(max: number): number {
    return Math.floor(this.next() * max);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** A path segment: an existing id now and then, mostly something odd (percent-encoded, as a URL carries it). */
  segment(known: string[]): string {
    const odd = [
      '%00',
      'a%00b',
      '%',
      '%zz',
      '..',
      '%2e%2e',
      '%2F',
      'x'.repeat(300),
      'x'.repeat(2000),
      '-1',
      '0',
      '99999999999999999999',
      'null',
      'undefined',
      '__proto__',
      'constructor',
      encodeURIComponent('名前'),
      encodeURIComponent('😀'),
      encodeURIComponent("' OR 1=1 --"),
      encodeURIComponent('<script>'),
      'not-a-uuid',
      '11111111-1111-1111-1111-111111111111',
      'ffffffff-ffff-ffff-ffff-ffffffffffff',
      'FFFFFFFF-ffff-FFFF-ffff-FFFFFFFFFFFF',
      'abc.json',
      '.json',
      'node name',
    ];
    return this.next() < 0.25 && known.length ? this.pick(known) : this.pick(odd);
  }

  /** A query string of known and unknown arguments with odd values. */
  query(): string {
    const keys = ['fields', 'limit', 'marker', 'sort_key', 'sort_dir', 'detail', 'driver', 'node', 'node_uuid', 'address', 'associated', 'maintenance', 'provision_state', 'conductor_group', 'fault', 'resource_class', 'owner', 'conductor', 'chassis_uuid', 'type', 'addresses', 'node_ident', '__proto__', 'x'];
    const values = ['', '%00', '-1', '0', '1', '99999999999', 'abc', 'true', 'false', 'True', 'maybe', 'uuid,name', 'name,,', 'desc', 'sideways', 'driver_info', '__proto__', 'x'.repeat(5000), '%zz', '52:54:00:12:34:56', '11111111-1111-1111-1111-111111111111', encodeURIComponent('😀')];
    const n = this.int(4);
    const parts: string[] = [];
    for (let i = 0; i < n; i++) parts.push(`${this.pick(keys)}=${this.pick(values)}`);
    return parts.length ? `?${parts.join('&')}` : '';
  }

  /** A request body: invalid JSON text, a JSON value of the wrong kind, or an object with odd fields. */
  body(fieldNames: string[]): string | undefined {
    const roll = this.int(10);
    if (roll === 0) return undefined;
    if (roll === 1) return this.pick(['{', '{"a":', 'nul', '[1,2', '"unterminated', '{"a":1}}', '\u0000', '{}garbage', '1e999999', '']);
    if (roll === 2) return JSON.stringify(this.pick([null, [], 0, -1, 1.5, 'str', true, [{}], [[]], { '': '' }]));
    if (roll === 3) return nested(this.int(3) === 0 ? 5000 : 200);
    const obj: Record<string, unknown> = {};
    const n = 1 + this.int(5);
    for (let i = 0; i < n; i++) obj[this.next() < 0.8 ? this.pick(fieldNames) : this.pick(['__proto__', 'constructor', '', 'x'.repeat(300), 'a\u0000b'])] = this.value(0);
    return JSON.stringify(obj);
  }

  value(depth: number): unknown {
    const kinds = depth > 2 ? 8 : 11;
    switch (this.int(kinds)) {
      case 0:
        return null;
      case 1:
        return this.pick([0, -1, 1, 2 ** 53 + 1, -(2 ** 63), 1.5, 1e308]);
      case 2:
        return this.pick([true, false]);
      case 3:
        return this.pick(['', 'x', 'a\u0000b', 'x'.repeat(70_000), '😀', "' OR 1=1 --", 'power on', 'active', 'fake-hardware', 'pxe', '52:54:00:12:34:56', '11111111-1111-1111-1111-111111111111']);
      case 4:
        return 'y'.repeat(this.int(300));
      case 5:
        return this.pick(['enroll', 'manage', 'provide', 'deploy', 'rebuild', 'deleted', 'inspect', 'abort', 'clean', 'rescue', 'unrescue', 'adopt', 'bogus']);
      case 6:
        return this.pick(['/driver_info', '/extra/a', '/properties/cpus', '/name', '/', '', '~1', '/uuid', '/0']);
      case 7:
        return this.pick(['add', 'replace', 'remove', 'move', 'copy', 'test', 'explode']);
      case 8:
        return [this.value(depth + 1), this.value(depth + 1)];
      case 9:
        return { op: this.value(depth + 1), path: this.value(depth + 1), value: this.value(depth + 1) };
      default:
        return { [this.pick(['interface', 'step', 'args', 'priority', 'a'])]: this.value(depth + 1) };
    }
  }

  /** A microversion header, mostly valid, sometimes not. */
  version(): string | null {
    // Mostly valid, so most requests get past the version check to the route itself.
    if (this.next() < 0.75) return this.pick([null, '1.1', '1.31', '1.56', '1.78', '1.82', 'latest']);
    return this.pick(['1.999', '2.0', 'abc', '1.', '', '1.01', ' 1.5 ']);
  }
}

function nested(depth: number): string {
  return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}
