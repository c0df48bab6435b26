// Keeps `npm ci` working with the registry this project installs from, which does not serve every
// platform build of packages with native parts (@swc/core-darwin-arm64, @unrs/resolver-binding-*…).
// npm then leaves those optional packages out of package-lock.json, and `npm ci` refuses a lock that
// lacks them. This adds a stub entry for each missing one, marked optional and limited to its os/cpu,
// so npm ci skips it on this platform exactly as it would skip the real entry. Run it after `npm install`:
//   node tools/lockfile-platform-stubs.mjs [--check]
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const path = fileURLToPath(new URL('../package-lock.json', import.meta.url));
const lock = JSON.parse(readFileSync(path, 'utf8'));
const packages = lock.packages;

const OS = ['android', 'darwin', 'freebsd', 'linux', 'openharmony', 'win32', 'sunos', 'aix', 'netbsd', 'openbsd'];
const CPU = ['arm64', 'x64', 'arm', 'ia32', 'ppc64', 's390x', 'riscv64', 'loong64', 'wasm32'];

function platformOf(name) {
  const tokens = name.split('/').pop().split('-');
  const os = tokens.find((t) => OS.includes(t));
  const cpu = tokens.find((t) => CPU.includes(t));
  if (!os || !cpu) return undefined;
  const libc = tokens.some((t) => t.startsWith('musl')) ? 'musl' : tokens.some((t) => t.startsWith('gnu')) ? 'glibc' : undefined;
  return { os: [os], cpu: [cpu], ...(libc ? { libc: [libc] } : {}) };
}

const added = [];
for (const [location, entry] of Object.entries(packages)) {
  for (const [dep, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    const base = location ? `${location}/node_modules/${dep}` : `node_modules/${dep}`;
    if (packages[base] || packages[`node_modules/${dep}`]) continue;
    const platform = platformOf(dep);
    if (!platform) continue;
    if (platform.os[0] === process.platform && platform.cpu[0] === process.arch && !platform.libc?.includes('musl')) {
      console.warn(`lockfile: ${dep} is for this platform but missing; install it for real`);
      continue;
    }
    packages[`node_modules/${dep}`] = { version: String(spec).replace(/^[\^~=]/, ''), ...platform, optional: true };
    added.push(dep);
  }
}

if (process.argv.includes('--check')) {
  if (added.length) {
    console.error(`lockfile: ${added.length} platform packages missing; run node tools/lockfile-platform-stubs.mjs`);
    process.exit(1);
  }
} else {
  lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
  writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
  console.log(`lockfile: added ${added.length} platform stubs${added.length ? `: ${added.join(', ')}` : ''}`);
}
