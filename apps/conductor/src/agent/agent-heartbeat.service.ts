import { Inject, Injectable } from '@nestjs/common';
import { naiveUtcNow } from '@ferrum/contracts';
import { type AgentHeartbeatRequest, fastTrackEnabled } from '@ferrum/drivers';
import { Invalid, InvalidParameterValue, InvalidState } from '@ferrum/errors';
import type { Repositories } from '@ferrum/persistence';
import type { Logger } from 'pino';
import type { ConductorConfig } from '../conductor.config';
import { NodeTask, TaskManager } from '../locks/task-manager';
import { WorkerPool } from '../locks/worker-pool';
import { ProvisionService } from '../provision/provision.service';
import { CONFIG, LOGGER, REPOS } from '../tokens';
import { agentTokenMatches } from './agent-token';
import { FAST_TRACK_STATES } from './agent-lookup.service';

/** States where a heartbeat moves the node on, where it is only recorded, and where it is ignored (spec §13.6). */
const ACTING_STATES = ['wait call-back', 'clean wait', 'service wait'];
const RECORD_ONLY_STATES = ['deploying', 'cleaning', 'rescuing', 'rescue wait', 'deploy hold', 'clean hold', 'servicing', 'service hold'];
const IGNORED_STATES = ['inspect wait', 'inspecting'];

/**
 * The agent's heartbeat (Ironic's conductor heartbeat + agent_base.heartbeat): check the token, record the
 * agent's URL, version and time, and in `wait call-back` / `clean wait` resume the step the node waits on,
 * in a worker that holds the node's lock. A bad call records nothing.
 */
@Injectable()
export class AgentHeartbeatService {
  constructor(
    @Inject(CONFIG) private readonly config: ConductorConfig,
    @Inject(REPOS) private readonly repos: Repositories,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly tasks: TaskManager,
    private readonly pool: WorkerPool,
    private readonly provision: ProvisionService,
  ) {}

  async heartbeat(ident: string, request: AgentHeartbeatRequest): Promise<void> {
    const callbackUrl = request.callback_url ?? request.agent_url;
    if (typeof callbackUrl !== 'string' || !/^https?:\/\/[^/]+/.test(callbackUrl)) {
      throw new InvalidParameterValue({ message: 'A heartbeat needs callback_url, an http(s) URL of the agent' });
    }
    // Ironic's conductor checks the version before it locks the node, then the token.
    if (typeof request.agent_version !== 'string' && typeof request.agent_status !== 'string') {
      throw new InvalidParameterValue({ message: 'Agent did not transmit a version, and a version is required. Please update the agent being used.' });
    }
    const node = await this.repos.nodes.getByIdent(ident);
    this.check(node, request.agent_token, callbackUrl);
    const state = node.provision_state;
    if (IGNORED_STATES.includes(state)) {
      this.logger.debug({ node: node.uuid, state }, 'heartbeat ignored while inspecting');
      return;
    }
    const acting = ACTING_STATES.includes(state);
    const fastTrack = () => fastTrackEnabled(node.driver_info, !!this.config.agentFastTrack);
    if (!acting && !RECORD_ONLY_STATES.includes(state) && !(FAST_TRACK_STATES.includes(state) && fastTrack())) {
      throw new InvalidState({ message: `Node ${node.uuid} does not take heartbeats in state "${state}".` });
    }
    const record = async (task: NodeTask) => {
      // Re-checked under the lock: the token may have been wiped by a power action since.
      this.check(task.node, request.agent_token, callbackUrl);
      await task.save({
        driver_internal_info: {
          ...task.node.driver_internal_info,
          agent_url: callbackUrl,
          agent_version: request.agent_version ?? null,
          // Naive UTC with microseconds, as Ironic's utcnow().isoformat() (fast track reads it back).
          agent_last_heartbeat: naiveUtcNow(),
          ...(request.agent_verify_ca ? { agent_verify_ca: request.agent_verify_ca } : {}),
        },
      });
    };
    if (!acting) {
      await this.tasks.withExclusive(node.uuid, record);
      return;
    }
    await this.tasks.spawnWithLock(node.uuid, this.pool, record, async (task) => {
      if (!ACTING_STATES.includes(task.node.provision_state)) return;
      task.agent = { token: request.agent_token, url: callbackUrl };
      await this.provision.resume(task);
    });
  }

  /** A missing or wrong token → 400, as Ironic's conductor; an agent URL other than the recorded one → 400 (the API checks it first too). */
  private check(node: { uuid: string; driver_internal_info: Record<string, unknown> }, token: string | undefined, callbackUrl: string): void {
    const info = node.driver_internal_info;
    if (!token || !agentTokenMatches(token, info.agent_secret_token)) throw new InvalidParameterValue({ message: 'Invalid or missing agent token received.' });
    if (typeof info.agent_url === 'string' && info.agent_url !== callbackUrl) {
      throw new Invalid({ message: 'Detected change in ramdisk provided "callback_url"' });
    }
  }
}
