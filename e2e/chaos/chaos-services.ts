import { TEST_DATABASE_URL, createPostgresDatabase, useRealService } from '@ferrum/testing';
import { PrivateNats, natsServerBinary } from '../support/private-nats';

export interface ChaosServices {
  /** A nats-server of this file's own: stopped and restarted by the test, never the shared one. */
  nats: PrivateNats;
  /** A throwaway database on the shared PostgreSQL (outages are made by a proxy in front of it). */
  db: { url: string; drop(): Promise<void> };
}

/**
 * What a chaos file that takes NATS down needs; undefined (the file is skipped) when this machine has no
 * nats-server or no PostgreSQL, except under CI=true where both are required.
 */
export async function startChaosServices(): Promise<ChaosServices | undefined> {
  const binary = natsServerBinary();
  if (!binary) {
    if (process.env.CI === 'true') throw new Error('nats-server is required under CI=true');
    return undefined;
  }
  if (!(await useRealService('PostgreSQL', TEST_DATABASE_URL, 'nothing: chaos e2e skipped'))) return undefined;
  const nats = await PrivateNats.start(binary);
  return { nats, db: await createPostgresDatabase() };
}
