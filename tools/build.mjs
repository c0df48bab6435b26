// Compiles apps/ and libs/ to dist/ with swc (no type check: `npm run lint` runs tsc).
// swc rewrites the @ferrum/* aliases of tsconfig.base.json into relative requires, so
// `node dist/apps/ferrum/src/main.js` runs without a path-mapping hook.
import { transformFile } from '@swc/core';
import { readFileSync, mkdirSync, writeFileSync, readdirSync, statSync, rmSync, cpSync } from 'node:fs';
import { join, dirname, relative, resolve } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const out = join(root, 'dist');
const tsconfig = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8'));
const swcrc = JSON.parse(readFileSync(join(root, '.swcrc'), 'utf8'));
delete swcrc.$schema;

function* sources(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'node_modules') yield* sources(path);
    } else if (name.endsWith('.ts') && !name.endsWith('.spec.ts') && !name.endsWith('.d.ts')) {
      yield path;
    }
  }
}

rmSync(out, { recursive: true, force: true });
const started = Date.now();
let count = 0;
const files = ['apps', 'libs'].flatMap((d) => [...sources(join(root, d))]);
await Promise.all(
  files.map(async (file) => {
    const { code, map } = await transformFile(file, {
      ...swcrc,
      swcrc: false,
      filename: file,
      sourceFileName: relative(dirname(join(out, relative(root, file))), file),
      jsc: { ...swcrc.jsc, baseUrl: root, paths: tsconfig.compilerOptions.paths },
    });
    const target = join(out, relative(root, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, `${code}\n//# sourceMappingURL=${target.split('/').pop()}.map\n`);
    if (map) writeFileSync(`${target}.map`, map);
    count++;
  }),
);
console.log(`build: ${count} files to dist/ in ${Date.now() - started} ms`);

// The web dashboard's static files (plain ES modules, HTML and CSS: nothing to compile), beside the compiled
// module that serves them from `__dirname/assets`.
const dashboard = join('apps', 'api', 'src', 'dashboard', 'assets');
cpSync(join(root, dashboard), join(out, dashboard), { recursive: true });
console.log(`build: ${readdirSync(join(out, dashboard)).length} dashboard assets to dist/${dashboard}`);

// The agent runs in a ramdisk without node_modules: one self-contained file, dist/agent.js. The simulated-agent
// pool of `npm run lab` (many machines' agents in one process) is bundled the same way, as dist/agent-pool.js.
const { build } = await import('esbuild');
const bundles = [
  { entry: join(root, 'apps', 'agent', 'src', 'main.ts'), file: 'agent.js' },
  { entry: join(root, 'apps', 'agent', 'src', 'pool', 'main.ts'), file: 'agent-pool.js' },
];
for (const { entry, file } of bundles) {
  const bundled = Date.now();
  await build({
    entryPoints: [entry],
    outfile: join(out, file),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    tsconfig: join(root, 'tsconfig.base.json'),
    sourcemap: false,
    minify: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
  console.log(`build: dist/${file} (${Math.round(statSync(join(out, file)).size / 1024)} KiB) in ${Date.now() - bundled} ms`);
}
