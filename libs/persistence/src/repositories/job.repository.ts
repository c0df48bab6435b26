import { NotFound } from '@ferrum/errors';
import { DataSource, In, Repository } from 'typeorm';
import { JobEntity, JobState } from '../entities';
import { isoTime } from '../timestamps';

export interface JobRecord {
  uuid: string;
  state: JobState;
  kind: string;
  node_uuid: string | null;
  driver: string;
  method: string;
  conductor: string;
  result: unknown;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

function toRecord(e: JobEntity): JobRecord {
  return { ...e, created_at: isoTime(e.created_at)!, started_at: isoTime(e.started_at), finished_at: isoTime(e.finished_at) };
}

export class JobRepository {
  private readonly repo: Repository<JobEntity>;

  constructor(dataSource: DataSource) {
    this.repo = dataSource.getRepository(JobEntity);
  }

  async create(job: Pick<JobRecord, 'uuid' | 'kind' | 'node_uuid' | 'driver' | 'method' | 'conductor'>): Promise<void> {
    await this.repo.insert({ ...job, state: 'queued' });
  }

  async started(uuid: string): Promise<void> {
    await this.repo.update({ uuid, state: 'queued' }, { state: 'running', started_at: new Date() });
  }

  async finished(uuid: string, outcome: { result: unknown } | { error: string }): Promise<void> {
    const values = 'error' in outcome ? { state: 'failed' as const, error: outcome.error } : { state: 'succeeded' as const, result: outcome.result as never };
    // Only a job still ours to finish: the sweep may have failed it when we were presumed dead.
    await this.repo.update({ uuid, state: In(['queued', 'running']) }, { ...values, finished_at: new Date() });
  }

  async get(uuid: string): Promise<JobRecord> {
    const e = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(uuid) ? await this.repo.findOneBy({ uuid }) : null;
    if (!e) throw new NotFound({ message: `Job ${uuid} could not be found.` });
    return toRecord(e);
  }

  /** Fails the unfinished jobs of dead conductors, saying why. */
  async failForDeadHosts(hosts: string[]): Promise<number> {
    if (hosts.length === 0) return 0;
    const result = await this.repo
      .createQueryBuilder()
      .update(JobEntity)
      .set({ state: 'failed', finished_at: () => 'now()', error: () => `'Conductor ' || conductor || ' died before the job finished.'` })
      .where('conductor IN (:...hosts) AND state IN (:...open)', { hosts, open: ['queued', 'running'] })
      .execute();
    return result.affected ?? 0;
  }

  /** Conductors with unfinished jobs that are not alive. */
  async deadHostsWithOpenJobs(timeoutS: number): Promise<string[]> {
    const rows: { conductor: string }[] = await this.repo.query(
      `SELECT DISTINCT j.conductor FROM jobs j
        WHERE j.state IN ('queued', 'running')
          AND NOT EXISTS (SELECT 1 FROM conductors c WHERE c.hostname = j.conductor AND c.online
                            AND c.updated_at > now() - make_interval(secs => $1))`,
      [timeoutS],
    );
    return rows.map((r) => r.conductor);
  }
}
