import { Socket } from 'node:net';

export const TEST_DATABASE_URL = process.env.FERRUM_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_NATS_URL = process.env.FERRUM_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

export const inCI = (): boolean => /^(1|true|yes)$/i.test(process.env.CI ?? '');

export function reachable(url: string, timeoutMs = 1000): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(Number(port), hostname, () => done(true));
  });
}

const announced = new Set<string>();

/**
 * Decides whether a test uses the real service. Under CI=true the service is required and its
 * absence fails the test; elsewhere the embedded fallback is used and the output says so.
 */
export async function useRealService(name: 'PostgreSQL' | 'NATS', url: string, fallback: string): Promise<boolean> {
  if (await reachable(url)) return true;
  if (inCI()) throw new Error(`${name} is required under CI=true but ${url} is not reachable`);
  if (!announced.has(name)) {
    announced.add(name);
    process.stderr.write(`[ferrum tests] ${name} not reachable at ${url}: falling back to ${fallback}\n`);
  }
  return false;
}
