import { Links } from './links';
import { nextUrl, parsePage } from './collection';

describe('paging', () => {
  const rules = { columns: ['id', 'name'], refused: ['extra'] };

  it('uses max_limit when no limit is given and caps larger ones', () => {
    expect(parsePage({}, 50, rules)).toEqual({ limit: 50, sortKey: 'id', sortDir: 'asc' });
    expect(parsePage({ limit: '1000' }, 50, rules).limit).toBe(50);
    expect(parsePage({ limit: '7', sort_key: 'name', sort_dir: 'desc' }, 50, rules)).toEqual({ limit: 7, sortKey: 'name', sortDir: 'desc' });
  });

  it('refuses refused and unknown sort keys alike', () => {
    expect(() => parsePage({ sort_key: 'extra' }, 50, rules)).toThrow('The sort_key value extra is an invalid field for sorting');
    expect(() => parsePage({ sort_key: 'bogus' }, 50, rules)).toThrow('The sort_key value "bogus" is an invalid field for sorting');
  });

  it('gives a next link only for a full page', () => {
    const links = new Links('http://h:6385/');
    expect(nextUrl(links, 'ports', 2, 2, 'u2', { sort_key: 'id', sort_dir: 'asc', node: undefined })).toBe(
      'http://h:6385/v1/ports?sort_key=id&sort_dir=asc&limit=2&marker=u2',
    );
    expect(nextUrl(links, 'ports', 1, 2, 'u1', {})).toBeUndefined();
    expect(nextUrl(links, 'ports', 0, 0, undefined, {})).toBeUndefined();
  });
});
