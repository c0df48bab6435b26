import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

/** Large RPC bodies parked for their receiver (the transport's PayloadStore); see the rpc_payloads migration. */
export class PayloadRepository {
  constructor(private readonly dataSource: DataSource) {}

  async put(body: string): Promise<string> {
    const id = randomUUID();
    await this.dataSource.query(`INSERT INTO rpc_payloads (id, body) VALUES ($1, $2)`, [id, body]);
    return id;
  }

  /** Reads and deletes in one statement: a body is taken once. */
  async take(id: string): Promise<string | undefined> {
    const result = await this.dataSource.query<[{ body: string }[], number] | { body: string }[]>(`DELETE FROM rpc_payloads WHERE id = $1 RETURNING body`, [id]);
    // TypeORM's postgres driver answers [rows, count] for a DELETE … RETURNING; PGlite's, the rows.
    const rows = Array.isArray(result[0]) ? (result[0] as { body: string }[]) : (result as { body: string }[]);
    return rows[0]?.body;
  }

  /** Bodies nobody took (the receiver died first): removed after `seconds`. */
  async purgeOlderThan(seconds: number): Promise<void> {
    await this.dataSource.query(`DELETE FROM rpc_payloads WHERE created_at < now() - make_interval(secs => $1)`, [seconds]);
  }
}
