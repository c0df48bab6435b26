import { HtpasswdError, parseHtpasswd } from './htpasswd';

describe('parseHtpasswd', () => {
  it('reads bcrypt entries in every spelling, the first line of a user winning, blank lines and comments skipped', () => {
    const users = parseHtpasswd('# users\n\nalice:$2y$05$abc\nbob:$2b$05$def\r\ncarol:$2a$05$ghi\nalice:$2y$05$later\n', 'f');
    expect([...users]).toEqual([
      ['alice', '$2y$05$abc'],
      ['bob', '$2b$05$def'],
      ['carol', '$2a$05$ghi'],
    ]);
  });

  it.each([
    ['MD5 (htpasswd -m)', 'dave:$apr1$xyz$abc'],
    ['SHA1 (htpasswd -s)', 'dave:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g='],
    ['crypt', 'dave:rOHzJMeXMAx2E'],
    ['plain text', 'dave:secret'],
  ])('refuses %s with the file and line number, as Ironic refuses to start', (_kind, entry) => {
    expect(() => parseHtpasswd(`alice:$2y$05$abc\n\n${entry}\n`, '/etc/ferrum/htpasswd')).toThrow(HtpasswdError);
    expect(() => parseHtpasswd(`alice:$2y$05$abc\n\n${entry}\n`, '/etc/ferrum/htpasswd')).toThrow(/^\/etc\/ferrum\/htpasswd line 3: only bcrypt .* user "dave"/);
  });
});
