import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const PG_URL = process.env.FERRUM_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const NATS_URL = process.env.FERRUM_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

// Every child process the bench starts: whatever ends the run (an error, process.exit, Ctrl-C), none outlives it.
const children = new Set();
/** Registers a child process to be killed when the bench exits. */
export function track(child) {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}
process.once('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(130));

/**
 * Starts `node script` (a server under bench/lib/children) with `env`; resolves once it prints `up`. Its stdin
 * is a pipe the child watches, so it also exits if the bench dies without killing it.
 */
export async function startChild(script, env) {
  const child = track(spawn(process.execPath, [fileURLToPath(new URL(`./children/${script}`, import.meta.url))], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  }));
  let out = '';
  child.stderr.on('data', (d) => (out += d));
  const stop = () => new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r() : (child.once('exit', r), child.kill('SIGTERM'))));
  try {
    await new Promise((resolve, reject) => {
      child.stdout.on('data', (d) => {
        out += d;
        if (/\bup\b/.test(out)) resolve();
      });
      child.once('exit', (code) => reject(new Error(`${script} exited (${code}):\n${out}`)));
      setTimeout(() => reject(new Error(`${script} not up after 30 s:\n${out}`)), 30_000).unref();
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return { child, stop };
}

export function reachable(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const s = new Socket();
    const done = (ok) => (s.destroy(), resolve(ok));
    s.setTimeout(1000, () => done(false));
    s.once('error', () => done(false));
    s.connect(Number(port), hostname, () => done(true));
  });
}

export function freePort() {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** A throwaway PostgreSQL database for this run. */
export async function scratchDatabase() {
  const name = `ferrum_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * Starts `node dist/apps/ferrum/src/main.js --role X`; resolves once `ready` appears in its output.
 * BENCH_CPU_PROF=<dir> writes a V8 CPU profile of each Ferrum process there (open in Chrome's DevTools).
 */
export function startFerrum(role, env, ready) {
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`, `--cpu-prof-name=${role}-${Date.now()}.cpuprofile`] : [];
  const child = track(spawn(process.execPath, [...profile, `${ROOT}/dist/apps/ferrum/src/main.js`, '--role', role], {
    cwd: ROOT,
    // BENCH_NODE_OPTIONS reaches the Ferrum processes (e.g. --require a tracing hook while investigating).
    env: { PATH: process.env.PATH, FERRUM_LOG_LEVEL: 'warn', ...(process.env.BENCH_NODE_OPTIONS && { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS }), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  }));
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return {
    child,
    logs: () => out,
    stop: () => new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r() : (child.once('exit', r), child.kill('SIGTERM')))),
    ready: (async () => {
      const end = Date.now() + 60_000;
      while (Date.now() < end) {
        if (await ready()) return;
        if (child.exitCode !== null) throw new Error(`ferrum ${role} exited:\n${out}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`ferrum ${role} not ready:\n${out}`);
    })(),
  };
}
