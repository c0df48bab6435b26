import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, posix, resolve } from 'node:path';
import { allOptions, commonOptions } from '@ferrum/config';
import { TEST_DATABASE_URL, TEST_NATS_URL, createPostgresDatabase, useRealService } from '@ferrum/testing';
import { Stage, copySpec, execForm, parseDockerfile } from './dockerfile';

// No Docker engine runs here, so the image cannot be built: instead, every path and role the
// Dockerfiles name is checked against the repository and the build output (`npm test` builds first).
const ROOT = resolve(__dirname, '..', '..');
const MAIN_DOCKERFILE = join(__dirname, 'Dockerfile');
const DNSMASQ_DOCKERFILE = join(__dirname, 'dnsmasq.Dockerfile');

const stages = parseDockerfile(MAIN_DOCKERFILE);
const stage = (name: string): Stage => {
  const s = stages.find((x) => x.name === name);
  if (!s) throw new Error(`no stage ${name} in the Dockerfile`);
  return s;
};
const args = (s: Stage, keyword: string) => s.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);
const workdir = (s: Stage) => args(s, 'WORKDIR').pop() ?? '/';

/** A path inside a stage (absolute, or relative to its WORKDIR) as a path in the repository, which the stages mirror. */
function repoPath(s: Stage, path: string): string {
  const absolute = posix.resolve(workdir(s), path);
  const base = workdir(s);
  if (!absolute.startsWith(`${base}/`)) throw new Error(`${path} is outside ${s.name}'s WORKDIR ${base}`);
  return join(ROOT, absolute.slice(base.length + 1));
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

/** Starts `node <script> <args>` from the repository root as the image would, and polls `url` until it answers 200. */
async function startsAndAnswers(script: string, argv: string[], env: Record<string, string>, url: string): Promise<void> {
  const child = spawn(process.execPath, [script, ...argv], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  try {
    const end = Date.now() + 30_000;
    while (Date.now() < end) {
      if (child.exitCode !== null) throw new Error(`${script} ${argv.join(' ')} exited with ${child.exitCode}:\n${output}`);
      const status = await fetch(url).then((r) => r.status, () => 0);
      if (status === 200) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${url} did not answer 200 within 30 s:\n${output}`);
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

/** Bare module names that `entry` loads, following its relative requires through dist/. */
function bareRequires(entry: string): Set<string> {
  const seen = new Set<string>();
  const bare = new Set<string>();
  const queue = [entry];
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(/require\("([^"]+)"\)/g)) {
      if (spec.startsWith('.')) {
        const base = resolve(dirname(file), spec);
        const target = [`${base}.js`, join(base, 'index.js'), base].find((p) => existsSync(p) && p.endsWith('.js'));
        if (!target) throw new Error(`${file} requires ${spec}, which is not in dist/`);
        queue.push(target);
      } else {
        bare.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
      }
    }
  }
  return bare;
}

describe('deploy/docker/Dockerfile', () => {
  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist', 'apps', 'ferrum', 'src', 'main.js'))) throw new Error('dist/ is missing: run "npm run build" first (npm test does)');
  });

  it('builds on Node 20 (the engines field) in every stage', () => {
    const nodeImage = /^ARG NODE_IMAGE=(\S+)$/m.exec(readFileSync(MAIN_DOCKERFILE, 'utf8'))?.[1];
    expect(nodeImage).toMatch(/^node:20[-.]/);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
    expect(pkg.engines.node).toBe('>=20');
    expect(stages.filter((s) => s.name !== 'agent-artefact' && s.from !== 'runtime').map((s) => s.from)).toEqual(['${NODE_IMAGE}', '${NODE_IMAGE}', '${NODE_IMAGE}']);
  });

  it('copies only files that exist in the build context, and the context leaves out node_modules and dist', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', 'dist', '.git']));
    for (const s of stages) {
      for (const copy of args(s, 'COPY').map(copySpec).filter((c) => !c.from)) {
        for (const source of copy.sources) {
          expect({ stage: s.name, source, exists: existsSync(join(ROOT, source)) }).toEqual({ stage: s.name, source, exists: true });
          expect(source).not.toMatch(/(^|\/)(node_modules|dist)(\/|$)/);
        }
      }
    }
  });

  it('copies from earlier stages only paths those stages produce (the swc build, npm ci)', () => {
    const names = stages.map((s) => s.name);
    for (const [index, s] of stages.entries()) {
      for (const copy of args(s, 'COPY').map(copySpec).filter((c) => c.from)) {
        expect(names.slice(0, index)).toContain(copy.from);
        const source = stage(copy.from!);
        for (const path of copy.sources) expect({ from: copy.from, path, exists: existsSync(repoPath(source, path)) }).toEqual({ from: copy.from, path, exists: true });
      }
    }
    // The build stage really produces dist/ (the build command) and prod-deps a production-only node_modules.
    expect(args(stage('build'), 'RUN')).toContain('node tools/build.mjs');
    expect(args(stage('prod-deps'), 'RUN').join(' ')).toMatch(/npm ci --omit=dev/);
  });

  it('runs as a numeric non-root user with tini as PID 1 and the launcher as entry point', () => {
    const runtime = stage('runtime');
    expect(args(runtime, 'USER')).toEqual(['10001:10001']);
    expect(args(runtime, 'RUN').join(' ')).toMatch(/apt-get install [^&]*\btini\b/);
    const entrypoint = execForm(args(runtime, 'ENTRYPOINT')[0]);
    expect(entrypoint.slice(0, 3)).toEqual(['tini', '--', 'node']);
    const script = entrypoint[3];
    expect(existsSync(repoPath(runtime, script))).toBe(true);
    // …and the entry point is inside what the runtime stage copied in.
    const copied = args(runtime, 'COPY').map(copySpec).map((c) => posix.resolve(workdir(runtime), c.dest));
    expect(copied.some((dest) => posix.resolve(workdir(runtime), script).startsWith(`${dest.replace(/\/$/, '')}/`))).toBe(true);
    // The last stage is the default target: the server image.
    expect(stages[stages.length - 1].from).toBe('runtime');
  });

  it('names a role the launcher knows in CMD, and every variable it sets is a config option', () => {
    const runtime = stage('runtime');
    const cmd = execForm(args(runtime, 'CMD')[0]);
    expect(cmd[0]).toBe('--role');
    expect(commonOptions.role.schema.safeParse(cmd[1]).success).toBe(true);
    const env = args(runtime, 'ENV').join(' ');
    const names = [...env.matchAll(/(\w+)=/g)].map((m) => m[1]).filter((n) => n !== 'NODE_ENV');
    const known = new Set(Object.values(allOptions).map((o) => o.env));
    expect(names.filter((n) => !known.has(n))).toEqual([]);
    expect(names).toEqual(expect.arrayContaining(['FERRUM_API_HOST', 'FERRUM_INSPECTOR_HOST', 'FERRUM_CONDUCTOR_HEALTH_HOST']));
  });

  it('needs only production dependencies at run time (what npm ci --omit=dev installs)', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const allowed = new Set([...Object.keys(pkg.dependencies), ...builtinModules, '@ferrum/driver-example']);
    for (const entry of ['dist/apps/ferrum/src/main.js', 'dist/apps/agent/src/main.js']) {
      const missing = [...bareRequires(join(ROOT, entry))].filter((m) => !allowed.has(m) && !m.startsWith('node:'));
      expect({ entry, missing }).toEqual({ entry, missing: [] });
    }
  });

  it('starts: node dist/apps/ferrum/src/main.js --role api answers /healthz', async () => {
    const port = await freePort();
    const env = { FERRUM_API_HOST: '127.0.0.1', FERRUM_API_PORT: String(port), FERRUM_LOG_LEVEL: 'warn' };
    const real = (await useRealService('PostgreSQL', TEST_DATABASE_URL, 'the all role on embedded PGlite')) && (await useRealService('NATS', TEST_NATS_URL, 'the all role in process'));
    if (!real) {
      await startsAndAnswers('dist/apps/ferrum/src/main.js', ['--role', 'all'], { ...env, FERRUM_DB_DIR: 'memory://', FERRUM_INSPECTOR_PORT: String(await freePort()) }, `http://127.0.0.1:${port}/healthz`);
      return;
    }
    const db = await createPostgresDatabase();
    try {
      await startsAndAnswers('dist/apps/ferrum/src/main.js', ['--role', 'api'], { ...env, DATABASE_URL: db.url, NATS_URL: TEST_NATS_URL }, `http://127.0.0.1:${port}/healthz`);
    } finally {
      await db.drop();
    }
  });

  it('ships the agent artefact: the one-file bundle dist/agent.js, which starts with no node_modules beside it', async () => {
    const agent = stage('agent-artefact');
    const sources = args(agent, 'COPY').map(copySpec);
    expect(sources.map((c) => c.sources[0])).toEqual(['/src/dist/agent.js']);
    expect([...bareRequires(join(ROOT, 'dist', 'agent.js'))].filter((m) => !builtinModules.includes(m) && !m.startsWith('node:'))).toEqual([]);
    const port = await freePort();
    await startsAndAnswers('dist/agent.js', [], { FERRUM_AGENT_HOST: '127.0.0.1', FERRUM_AGENT_PORT: String(port) }, `http://127.0.0.1:${port}/healthz`);
  });
});

describe('deploy/docker/dnsmasq.Dockerfile', () => {
  const [dnsmasq] = parseDockerfile(DNSMASQ_DOCKERFILE);
  const get = (keyword: string) => dnsmasq.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);

  it('installs the dnsmasq and tini it runs, in the foreground with logs on stdout', () => {
    expect(get('RUN').join(' ')).toMatch(/apt-get install [^&]*\bdnsmasq\b[^&]*\btini\b/);
    expect(execForm(get('ENTRYPOINT')[0])).toEqual(['tini', '--', 'dnsmasq', '--keep-in-foreground', '--log-facility=-']);
  });

  it('reads the configuration file the chart mounts', () => {
    expect(execForm(get('CMD')[0])).toEqual(['--conf-file=/etc/dnsmasq.d/ferrum.conf']);
    const template = readFileSync(join(ROOT, 'deploy', 'helm', 'ferrum', 'templates', 'inspector-deployment.yaml'), 'utf8');
    expect(template).toContain('mountPath: /etc/dnsmasq.d');
    expect(readFileSync(join(ROOT, 'deploy', 'helm', 'ferrum', 'templates', 'inspector-configmap.yaml'), 'utf8')).toContain('ferrum.conf: |');
  });
});
