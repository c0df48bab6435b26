import { isoTime } from './timestamps';

describe('isoTime (Ironic\'s isoformat of an aware UTC datetime)', () => {
  it('renders a Date with its milliseconds and an explicit zone', () => {
    expect(isoTime(new Date('2026-12-05T12:00:00.123Z'))).toBe('2026-12-05T12:00:00.123000+00:00');
  });

  it('renders PostgreSQL\'s JSON timestamps as the same Date would be, whatever the fraction\'s length', () => {
    for (const text of ['2026-12-05T12:00:00.123456+00:00', '2026-12-05T12:00:00.1+00:00', '2026-12-05T12:00:00+00:00', '2026-12-05T12:00:00.12Z', '2026-12-05T23:59:59.999999+00:00']) {
      expect(isoTime(text)).toBe(isoTime(new Date(text)));
    }
    expect(isoTime('2026-12-05T12:00:00.5+00:00')).toBe('2026-12-05T12:00:00.500000+00:00');
  });

  it('converts another zone to UTC', () => {
    expect(isoTime('2026-12-05T13:30:00.25+01:30')).toBe('2026-12-05T12:00:00.250000+00:00');
  });

  it('keeps no time as no time', () => {
    expect([isoTime(null), isoTime(undefined)]).toEqual([null, null]);
  });
});
