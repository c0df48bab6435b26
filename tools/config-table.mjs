// Prints the README configuration table from the option schemas; `--write` updates README.md in place.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const { optionGroups, renderConfigTable } = require(`${root}dist/libs/config/src/index.js`);
const table = renderConfigTable(optionGroups);
if (process.argv.includes('--write')) {
  const path = `${root}README.md`;
  const readme = readFileSync(path, 'utf8');
  writeFileSync(path, readme.replace(/<!-- config-table:start -->\n(?:[\s\S]*?\n)?<!-- config-table:end -->/, `<!-- config-table:start -->\n${table}\n<!-- config-table:end -->`));
} else {
  console.log(table);
}
