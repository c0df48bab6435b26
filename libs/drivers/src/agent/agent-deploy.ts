import { POWER_OFF, POWER_ON, REBOOT, type Dict } from '@ferrum/contracts';
import { InvalidParameterValue, MissingParameterValue } from '@ferrum/errors';
import type { DeployInterface, StepResult } from '../interfaces/deploy.interface';
import { configDriveImage } from '../configdrive';
import { otherInterface } from '../interfaces/interface-map';
import { validateCapabilities } from '../pxe/pxe-boot';
import { cleanStep, deployStep } from '../steps/step.decorators';
import { populateStorageInfo, tearDownStorage } from '../storage/volume-boot';
import type { ExclusiveTask, SharedTask } from '../task';
import type { AgentClient, AgentCommand } from './agent-client';
import { agentAbsent, agentNode, agentPower, bootIntoAgent, isFastTrack, need, runAgentCommand } from './agent-steps';

/** instance_info → the agent's image_info (spec §13.9), for a whole-disk image served over HTTP(S). */
export function imageInfoFor(node: SharedTask['node']): Dict {
  const ii = node.instance_info;
  const source = typeof ii.image_source === 'string' ? ii.image_source : '';
  const info: Dict = {
    id: new URL(source).pathname.split('/').filter(Boolean).pop() ?? node.uuid,
    urls: [source],
    stream_raw_images: true,
    node_uuid: node.uuid,
    image_type: 'whole-disk',
  };
  if (typeof ii.image_disk_format === 'string') info.disk_format = ii.image_disk_format;
  if (typeof ii.image_os_hash_algo === 'string' && typeof ii.image_os_hash_value === 'string') {
    info.os_hash_algo = ii.image_os_hash_algo;
    info.os_hash_value = ii.image_os_hash_value;
  }
  if (typeof ii.image_checksum === 'string') info.checksum = ii.image_checksum;
  return info;
}

/** The config drive as the agent takes it (Ironic's get_configdrive_image): a JSON one is built into an ISO here. */
function withConfigDrive(node: SharedTask['node']): Dict {
  const configdrive = configDriveImage(node, node.instance_info.configdrive);
  return configdrive ? { configdrive } : {};
}

/**
 * Ironic's `direct` deploy: boot the machine into the agent, wait for its heartbeat, have it write the image
 * (`standby.prepare_image`), then boot the instance from disk. Each step that needs the agent returns 'wait';
 * the conductor calls it again on the agent's next heartbeat (with the heartbeat's token and URL on the task),
 * and the step finds its command's outcome in driver_internal_info.agent_command.
 */
export class AgentDeploy implements DeployInterface {
  /**
   * Ironic's direct deploy properties (agent_base + agent + deploy_utils texts). Ferrum reads none of the image_*
   * ones yet (the agent downloads the image_source URL itself) and always powers off through the BMC.
   */
  getProperties() {
    return {
      agent_verify_ca:
        "Either a Boolean value, a path to a CA_BUNDLE file or directory with certificates of trusted CAs. If set to True ironic will verify the agent's certificate; if False the driver will ignore verifying the SSL certificate. If it's a path the driver will use the specified certificate or one of the certificates in the directory. Defaults to True. Optional",
      deploy_forces_oob_reboot:
        'Whether Ironic should force a reboot of the Node via the out-of-band channel after deployment is complete. Provides compatibility with older deploy ramdisks. Defaults to False. Optional.',
      deploy_kernel:
        'UUID (from Glance) of the deployment kernel. Required.',
      deploy_ramdisk:
        'UUID (from Glance) of the ramdisk with agent that is used at deploy time. Required.',
      image_download_source:
        "Specifies whether direct deploy interface should try to use the image source directly or if ironic should cache the image on the conductor and serve it from ironic's own HTTP server. Accepted values are \"swift\", \"http\" and \"local\". Optional.",
      image_http_proxy:
        'URL of a proxy server for HTTP connections. Optional.',
      image_https_proxy:
        'URL of a proxy server for HTTPS connections. Optional.',
      image_no_proxy:
        'A comma-separated list of host names, IP addresses and domain names (with optional :port) that will be excluded from proxying. To denote a domain name, use a dot to prefix the domain name. This value will be ignored if ``image_http_proxy`` and ``image_https_proxy`` are not specified. Optional.',
    };
  }

  /** Ironic's direct deploy validate: the boot interface's checks first (it manages the agent's boot), then the image. */
  async validate(task: SharedTask): Promise<void> {
    await otherInterface(task, 'boot')?.validate(task);
    validateCapabilities(task.node);
    const ii = task.node.instance_info;
    if (!ii.image_source) {
      throw new MissingParameterValue({ message: `Node ${task.node.uuid} failed to validate deploy image info. Some parameters were missing. Missing are: ['instance_info.image_source']` });
    }
    if (typeof ii.image_source !== 'string' || !/^https?:\/\//.test(ii.image_source)) {
      throw new InvalidParameterValue({ message: `instance_info.image_source must be an http(s) URL of a whole-disk image, not ${JSON.stringify(ii.image_source)}` });
    }
    if (Boolean(ii.image_os_hash_algo) !== Boolean(ii.image_os_hash_value) || (!ii.image_os_hash_value && !ii.image_checksum)) {
      throw new MissingParameterValue({
        message: `image_source's "image_checksum", or "image_os_hash_algo" and "image_os_hash_value" must be provided in instance_info for node ${task.node.uuid}`,
      });
    }
  }

  async prepare(task: ExclusiveTask): Promise<void> {
    await populateStorageInfo(task);
    // Fast track: the agent already running stays where it is (networks, boot and power untouched), as Ironic's.
    if (await isFastTrack(task)) return;
    await need(task, 'network').addProvisioningNetwork(task);
    await need(task, 'boot').prepareRamdisk(task, {});
  }

  /**
   * Boots the machine into the agent; done once the agent has called back. With fast track the agent already
   * running is used: no reboot, the deploy goes on at its next heartbeat.
   */
  @deployStep({ priority: 100 })
  async deploy(task: ExclusiveTask): Promise<StepResult> {
    if (task.agent?.url) return;
    if (!(await isFastTrack(task))) await bootIntoAgent(task);
    return 'wait';
  }

  @deployStep({ priority: 80, argsinfo: { image_info: { description: 'Overrides of the image_info sent to the agent.', required: false } } })
  async write_image(task: ExclusiveTask): Promise<StepResult> {
    return this.agentCommand(task, 'write_image', async (client) =>
      client.execute('standby.prepare_image', { image_info: imageInfoFor(task.node), ...withConfigDrive(task.node) }),
    );
  }

  @deployStep({ priority: 60 })
  async prepare_instance_boot(task: ExclusiveTask): Promise<void> {
    await need(task, 'management').setBootDevice(task, 'disk', true);
    await need(task, 'boot').prepareInstance(task);
  }

  /** Powers the machine off through the BMC: the agent goes, and with it the token. */
  @deployStep({ priority: 40 })
  async tear_down_agent(task: ExclusiveTask): Promise<void> {
    await agentPower(task, POWER_OFF);
  }

  @deployStep({ priority: 30 })
  async switch_to_tenant_network(task: ExclusiveTask): Promise<void> {
    const network = need(task, 'network');
    await network.removeProvisioningNetwork(task);
    await network.configureTenantNetworks(task);
  }

  @deployStep({ priority: 20 })
  async boot_instance(task: ExclusiveTask): Promise<void> {
    // A node that is never powered off (1.95) still runs the agent: it reboots into the instance.
    await agentPower(task, task.node.disable_power_off ? REBOOT : POWER_ON);
  }

  /**
   * Wipes partition tables and signatures through the agent (automated cleaning, and so after every undeploy).
   * The agent is up already (prepareCleaning booted it); it stays up for the steps after this one, and goes at
   * the end of cleaning (tearDownCleaning).
   */
  @cleanStep({ priority: 99, abortable: true })
  async erase_devices_metadata(task: ExclusiveTask): Promise<StepResult> {
    if (agentAbsent(task)) {
      await bootIntoAgent(task);
      return 'wait';
    }
    return this.agentCommand(task, 'erase_devices_metadata', (client) =>
      client.execute('clean.execute_clean_step', {
        step: { step: 'erase_devices_metadata', interface: 'deploy', priority: 99, args: {} },
        node: agentNode(task),
        ports: [],
        clean_version: null,
      }),
    );
  }

  async tearDown(task: ExclusiveTask): Promise<void> {
    await agentPower(task, POWER_OFF);
    await tearDownStorage(task);
  }

  async cleanUp(task: ExclusiveTask): Promise<void> {
    const boot = need(task, 'boot');
    await boot.cleanUpRamdisk(task);
    await boot.cleanUpInstance(task);
  }

  async takeOver(_task: ExclusiveTask): Promise<void> {}

  /**
   * Ironic's prepare_service: the node leaves its instance for the agent (provisioning network, network boot),
   * and servicing goes on when the agent calls back. An agent already up (fast track) is used as it is.
   */
  async prepareService(task: ExclusiveTask): Promise<StepResult> {
    if (!agentAbsent(task)) return undefined;
    const network = need(task, 'network');
    await network.unconfigureTenantNetworks(task);
    await network.addProvisioningNetwork(task);
    await bootIntoAgent(task);
    return 'wait';
  }

  /**
   * Ironic's prepare_cleaning (deploy_utils.prepare_inband_cleaning): the machine boots into the agent (the
   * previous one, if any, is forgotten with the reboot) and cleaning goes on when it calls back.
   * Ferrum's network interfaces have no separate cleaning network to plug (as with Ironic's noop network).
   */
  async prepareCleaning(task: ExclusiveTask): Promise<StepResult> {
    // Fast track: the agent already running cleans; its next heartbeat starts the steps.
    if (!(await isFastTrack(task))) await bootIntoAgent(task);
    return 'wait';
  }

  /**
   * Ironic's tear_down_cleaning (deploy_utils.tear_down_inband_cleaning): the agent is powered off and its boot
   * cleaned up — except after a failed clean step (fault `clean failure`), when Ironic leaves the machine as it is,
   * and with fast track, when the agent stays up.
   */
  async tearDownCleaning(task: ExclusiveTask): Promise<void> {
    // With fast track the agent stays up for what comes next (a deploy, say), its boot media in place.
    if (task.node.fault === 'clean failure' || (await isFastTrack(task))) return;
    await agentPower(task, POWER_OFF);
    await need(task, 'boot').cleanUpRamdisk(task);
  }

  /**
   * Ironic's tear_down_service (deploy_utils.tear_down_inband_service): the agent goes, the tenant network comes
   * back and the instance boots from disk — except after a failed service step (fault `service failure`), when
   * the agent's boot is cleaned up but the machine is left as it is, for the operator to look at.
   */
  async tearDownService(task: ExclusiveTask): Promise<void> {
    const failure = task.node.fault === 'service failure';
    if (!failure) await agentPower(task, POWER_OFF);
    await need(task, 'boot').cleanUpRamdisk(task);
    if (failure) return;
    const network = need(task, 'network');
    await network.removeProvisioningNetwork(task);
    await network.configureTenantNetworks(task);
    await need(task, 'management').setBootDevice(task, 'disk', true);
    await need(task, 'boot').prepareInstance(task);
    await agentPower(task, task.node.disable_power_off ? REBOOT : POWER_ON);
  }

  /** Runs an agent command as a step: done once it succeeded (its result is not needed here). */
  private async agentCommand(task: ExclusiveTask, step: string, start: (client: AgentClient) => Promise<AgentCommand>): Promise<StepResult> {
    return (await runAgentCommand(task, step, start)) === 'wait' ? 'wait' : undefined;
  }
}
