import type { Inventory } from '@ferrum/contracts';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ImageError, ImageInfo } from '../image/checksum';
import { writeConfigDrive } from '../image/config-drive';
import { eraseMetadata, installDevice } from '../image/target-device';
import { DISCARD_DISK } from '@ferrum/contracts';
import { writeImage, WriteOptions } from '../image/write-image';
import { SoftwareRAIDError, SoftwareRaid } from '../raid/software-raid';

const run = promisify(execFile);

export class InvalidCommandParams extends Error {}

export interface CommandContext {
  inventory: () => Promise<Inventory>;
  /** The node from lookup (root device hints live in its properties and instance_info). */
  node: () => { instance_info?: Record<string, unknown>; properties?: Record<string, unknown> } | undefined;
  targetDevice?: string;
  writeOptions: WriteOptions;
  /** Reboot or power off the machine (or, in tests, end the process). */
  powerAction: (action: 'reboot' | 'poweroff') => void;
  logs: () => string;
  /** The software RAID of a machine with simulated disks (`ferrum-sim-disks`); absent on real disks. */
  raid?: SoftwareRaid;
}

export interface CommandSpec {
  async: boolean;
  /** Checks the params before an async command starts, so bad ones are a 400 rather than a FAILED result. */
  validate?(params: Record<string, unknown>): void;
  run(params: Record<string, unknown>, ctx: CommandContext): Promise<unknown>;
}

const MANAGER = 'GenericHardwareManager';
const MANAGER_VERSION = { [MANAGER]: '1.2' };
const DEPLOY_STEPS = [
  { step: 'write_image', priority: 0, interface: 'deploy', reboot_requested: false, argsinfo: { image_info: { description: 'Image to write', required: true } } },
  {
    step: 'apply_configuration',
    priority: 0,
    interface: 'raid',
    reboot_requested: false,
    argsinfo: {
      raid_config: { description: 'The RAID configuration to apply.', required: true },
      delete_existing: {
        description: "Setting this to 'True' indicates to delete existing RAID configuration prior to creating the new configuration. Default value is 'True'.",
        required: false,
      },
    },
  },
  { step: 'erase_devices_metadata', priority: 0, interface: 'deploy', reboot_requested: false },
];
const CLEAN_STEPS = [
  { step: 'erase_devices_metadata', priority: 99, interface: 'deploy', reboot_requested: false, abortable: true },
  // IPA's GenericHardwareManager: software RAID, only when asked for (manual cleaning).
  { step: 'delete_configuration', priority: 0, interface: 'raid', reboot_requested: false, abortable: true },
  { step: 'create_configuration', priority: 0, interface: 'raid', reboot_requested: false, abortable: true },
];

/** IPA's service steps of the GenericHardwareManager that this agent has: software RAID on an active node. */
const SERVICE_STEPS = [
  { ...DEPLOY_STEPS[1], priority: 0 },
  { step: 'delete_configuration', priority: 0, interface: 'raid', reboot_requested: false },
  { step: 'create_configuration', priority: 0, interface: 'raid', reboot_requested: false },
];

/** The machine's software RAID, refused where this agent would have to run mdadm on real disks. */
function softwareRaid(ctx: CommandContext): SoftwareRaid {
  if (!ctx.raid) throw new SoftwareRAIDError('Software RAID is only simulated by this agent: start it with ferrum-sim-disks');
  return ctx.raid;
}

/** IPA's apply_configuration (a deploy or service step): the given RAID built, what exists deleted first unless delete_existing is false. */
function applyRaid(step: { args?: Record<string, unknown> }, params: Record<string, unknown>, ctx: CommandContext): unknown {
  const args = step.args ?? {};
  return softwareRaid(ctx).apply((params.node ?? {}), args.raid_config as never, args.delete_existing !== false);
}

/** IPA's RAID clean steps: create returns the configuration built, delete nothing. */
function raidStep(step: string, params: Record<string, unknown>, ctx: CommandContext): unknown {
  const raid = softwareRaid(ctx);
  if (step === 'create_configuration') return raid.create(params.node ?? {});
  raid.delete();
  return null;
}

function imageInfo(params: Record<string, unknown>): ImageInfo {
  const info = params.image_info;
  if (!info || typeof info !== 'object' || Array.isArray(info)) throw new InvalidCommandParams('image_info is required and must be an object');
  const image = info as ImageInfo;
  if (!image.id || !Array.isArray(image.urls) || image.urls.length === 0) throw new InvalidCommandParams('image_info needs "id" and a non-empty "urls"');
  return image;
}

async function prepareImage(params: Record<string, unknown>, ctx: CommandContext): Promise<string> {
  const info = imageInfo(params);
  // Older Ironics sent the config drive inside image_info; IPA still takes it from there.
  const configdrive = params.configdrive ?? (info as { configdrive?: unknown }).configdrive;
  if (configdrive !== undefined && configdrive !== null && typeof configdrive !== 'string') {
    throw new InvalidCommandParams('configdrive must be a URL or gzipped, base64-encoded ISO 9660 data');
  }
  const device = installDevice(await ctx.inventory(), ctx.node(), ctx.targetDevice);
  const written = await writeImage(info, device, ctx.writeOptions);
  let message = `image (${info.id}) written to device ${device} (${written.bytes} bytes, ${written.algo} ${written.hash})`;
  // A whole-disk image gets its config drive as a partition of its own (partition images are not supported here).
  // A simulated machine that keeps no disk (the lab's discard target) has nowhere to put one.
  if (configdrive && device === DISCARD_DISK) message += ', config drive not kept (the disk is discarded)';
  else if (configdrive) message += `, config drive written to ${await writeConfigDrive(device, configdrive, info.node_uuid ?? 'local')}`;
  return message;
}

/** The devices erase_devices_metadata wipes: the configured target, else every disk of the inventory. */
async function eraseAll(ctx: CommandContext): Promise<string[]> {
  const devices = ctx.targetDevice ? [ctx.targetDevice] : (await ctx.inventory()).disks.map((d) => d.name);
  // A simulated machine that keeps no disk (the lab's discard target) has no metadata to erase.
  for (const device of devices) if (device !== DISCARD_DISK) await eraseMetadata(device);
  return devices;
}

function stepOf(params: Record<string, unknown>): { step: string; args?: Record<string, unknown> } & Record<string, unknown> {
  const step = params.step as { step?: unknown } | undefined;
  if (!step || typeof step.step !== 'string') throw new InvalidCommandParams('"step" is required and must name a step');
  return step as { step: string };
}

/** Commands by `<extension>.<name>` (spec §13.8), with IPA's result shapes. */
export const COMMANDS: Record<string, CommandSpec> = {
  'standby.prepare_image': { async: true, validate: (p) => void imageInfo(p), run: prepareImage },
  'standby.run_image': {
    async: true,
    run: async (_p, ctx) => {
      await run('sync');
      ctx.powerAction('reboot');
      return 'requested reboot into the instance';
    },
  },
  'standby.power_off': {
    async: true,
    run: async (_p, ctx) => {
      await run('sync');
      ctx.powerAction('poweroff');
      return 'requested power off';
    },
  },
  'standby.sync': {
    async: false,
    run: async () => {
      await run('sync');
      return null;
    },
  },
  'deploy.get_deploy_steps': {
    async: false,
    run: async () => ({ deploy_steps: { [MANAGER]: DEPLOY_STEPS }, hardware_manager_version: MANAGER_VERSION }),
  },
  'deploy.execute_deploy_step': {
    async: true,
    validate: (p) => void stepOf(p),
    run: async (params, ctx) => {
      const step = stepOf(params);
      let result: unknown;
      if (step.step === 'write_image') result = await prepareImage(step.args ?? {}, ctx);
      else if (step.step === 'erase_devices_metadata') result = await eraseAll(ctx);
      else if (step.step === 'apply_configuration') result = applyRaid(step, params, ctx);
      else throw new ImageError(`Unknown deploy step ${step.step}`);
      return { deploy_result: result, deploy_step: step };
    },
  },
  'clean.get_clean_steps': {
    async: false,
    run: async () => ({ clean_steps: { [MANAGER]: CLEAN_STEPS }, hardware_manager_version: MANAGER_VERSION }),
  },
  'clean.execute_clean_step': {
    async: true,
    validate: (p) => void stepOf(p),
    run: async (params, ctx) => {
      const step = stepOf(params);
      if (step.step === 'create_configuration' || step.step === 'delete_configuration') return { clean_result: raidStep(step.step, params, ctx), clean_step: step };
      if (step.step !== 'erase_devices_metadata') throw new InvalidCommandParams(`Unknown clean step ${step.step}`);
      return { clean_result: await eraseAll(ctx), clean_step: step };
    },
  },
  // IPA's ServiceExtension (servicing, API 1.87): the RAID steps on an active node.
  'service.get_service_steps': {
    async: false,
    run: async () => ({ service_steps: { [MANAGER]: SERVICE_STEPS }, hardware_manager_version: MANAGER_VERSION }),
  },
  'service.execute_service_step': {
    async: true,
    validate: (p) => void stepOf(p),
    run: async (params, ctx) => {
      const step = stepOf(params);
      let result: unknown;
      if (step.step === 'create_configuration' || step.step === 'delete_configuration') result = raidStep(step.step, params, ctx);
      else if (step.step === 'apply_configuration') result = applyRaid(step, params, ctx);
      else throw new InvalidCommandParams(`Unknown service step ${step.step}`);
      return { service_result: result, service_step: step };
    },
  },
  'log.collect_system_logs': {
    async: false,
    run: async (_p, ctx) => ({ system_logs: await systemLogs(ctx) }),
  },
};

/** A base64 tar.gz of what helps debug a deploy: the agent's log, the kernel log, cmdline and mounts. */
async function systemLogs(ctx: CommandContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ferrum-logs-'));
  try {
    await writeFile(join(dir, 'agent.log'), ctx.logs());
    const copies: [string, string][] = [
      ['/proc/cmdline', 'cmdline'],
      ['/proc/mounts', 'mounts'],
      ['/proc/meminfo', 'meminfo'],
    ];
    for (const [from, to] of copies) await writeFile(join(dir, to), await readFile(from).catch(() => Buffer.alloc(0)));
    const dmesg = await run('dmesg').catch(() => ({ stdout: '' }));
    await writeFile(join(dir, 'dmesg'), dmesg.stdout);
    const { stdout } = await run('tar', ['-czf', '-', '-C', dir, '.'], { encoding: 'buffer', maxBuffer: 256 * 1024 * 1024 });
    return stdout.toString('base64');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
