import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { optionGroups } from './common.config';
import { renderConfigTable } from './config-table';

describe('README configuration table', () => {
  it('lists every option exactly as the schemas describe it (regenerate with `node tools/config-table.mjs --write`)', () => {
    const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
    const section = /<!-- config-table:start -->\n([\s\S]*?)\n<!-- config-table:end -->/.exec(readme)?.[1];
    expect(section).toBe(renderConfigTable(optionGroups));
  });
});
