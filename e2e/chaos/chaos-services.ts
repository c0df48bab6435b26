import { PrivateNats, natsServerBinary } from '../support/private-nats';
import { PrivatePostgres, postgresBinaries } from '../support/private-postgres';

export interface ChaosServices {
  /** A nats-server of this file's own: stopped and restarted by the test, never the shared one. */
  nats: PrivateNats;
  /** A PostgreSQL cluster of this file's own, likewise. */
  pg: PrivatePostgres;
  stop(): Promise<void>;
}

/**
 * The private NATS and PostgreSQL a chaos file takes down and brings back; undefined (the file is skipped)
 * when this machine lacks nats-server or PostgreSQL's server binaries, except under CI=true where both are
 * required.
 */
export async function startChaosServices(): Promise<ChaosServices | undefined> {
  const [natsBinary, pgBinaries] = [natsServerBinary(), postgresBinaries()];
  if (!natsBinary || !pgBinaries) {
    if (process.env.CI === 'true') throw new Error('nats-server and the PostgreSQL server binaries are required under CI=true');
    return undefined;
  }
  const nats = await PrivateNats.start(natsBinary);
  const pg = await PrivatePostgres.start(pgBinaries).catch(async (err: unknown) => {
    await nats.stop();
    throw err;
  });
  return {
    nats,
    pg,
    stop: async () => {
      await nats.stop();
      await pg.destroy();
    },
  };
}
