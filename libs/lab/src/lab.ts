import { mkdirSync } from 'node:fs';
import { RedfishEmulator } from '@ferrum/bmc-emulator';
import { ConfigError, type ConfigOf, type labOptions } from '@ferrum/config';
import { AgentPool } from './agent-pool';
import { enrollMachines } from './enroll';
import { buildFleet } from './fleet';
import { INSTANCE_IMAGE, LabFiles } from './lab-files';
import { MachineRoom, type LabMachine } from './machine-room';
import { mockupDir } from './repo-files';

export type LabConfig = ConfigOf<typeof labOptions>;

export interface LabLog {
  info(line: string): void;
  debug(line: string): void;
}

export interface Lab {
  machines: LabMachine[];
  bmcUrl: string;
  filesUrl: string;
  room: MachineRoom;
  pool: AgentPool;
  emulator: RedfishEmulator;
  /** The instance image's URL and sha256, to deploy with. */
  image: { url: string; sha256: string };
  /** What start-up printed: the fleet, the faults and how to drive it with the `baremetal` CLI. */
  summary: string;
  close(): Promise<void>;
}

/** The BMC emulator's user (its password is FERRUM_LAB_BMC_PASSWORD). */
const BMC_USER = 'admin';

/** Settings that are each valid alone but not together. */
export function labProblems(config: LabConfig): string[] {
  const shares = [config.labBmcTimeoutShare, config.labAgentCrashShare, config.labBadChecksumShare];
  const sum = shares.reduce((a, b) => a + b, 0);
  return sum > 1
    ? [`FERRUM_LAB_BMC_TIMEOUT_SHARE + FERRUM_LAB_AGENT_CRASH_SHARE + FERRUM_LAB_BAD_CHECKSUM_SHARE = ${sum}: each machine has at most one fault, so together they must not exceed 1`]
    : [];
}

/**
 * A virtual datacenter beside a Ferrum (`--role lab`): the Redfish BMC emulator with one ComputerSystem per
 * machine (all powered off, as a new rack), the lab's file server (agent ISO, instance image), and the agent
 * pool that runs the real agent for each machine booted from the virtual CD. With `enroll`, every machine is
 * enrolled in the Ferrum at FERRUM_URL.
 */
export async function startLab(config: LabConfig, log: LabLog): Promise<Lab> {
  const problems = labProblems(config);
  if (problems.length) throw new ConfigError(problems);
  mkdirSync(config.labDir, { recursive: true });
  if (config.labDisks === 'files') mkdirSync(`${config.labDir}/disks`, { recursive: true });
  const closers: (() => Promise<void> | void)[] = [];
  const close = async () => {
    for (const c of closers.reverse()) await c();
    closers.length = 0;
  };
  try {
    const emulator = new RedfishEmulator({
      mockupDir: mockupDir(),
      systems: config.labMachines,
      host: config.labHost,
      port: config.labBmcPort,
      username: BMC_USER,
      password: config.labBmcPassword,
      powerDelayMs: 100,
    });
    const bmcUrl = await emulator.listen();
    closers.push(() => emulator.close());
    const machines = buildFleet(emulator, {
      disks: config.labDisks,
      dir: config.labDir,
      shares: { bmcTimeout: config.labBmcTimeoutShare, agentCrash: config.labAgentCrashShare, badChecksum: config.labBadChecksumShare },
    });
    for (const m of machines) {
      // A new rack: every machine off. (The mockup's system is on, with a one-time PXE override.)
      emulator.setPower(m.system, 'Off', 'Lab');
      if (m.faults.bmcTimeout) emulator.setUnresponsive(m.system, true);
    }

    const files = new LabFiles();
    const filesUrl = await files.listen(config.labHost, config.labHttpPort);
    closers.push(() => files.close());
    const ferrum = config.ferrumUrl.replace(/\/+$/, '');
    files.setAgentCmdline(
      [
        `ipa-api-url=${ferrum}`,
        `ipa-inspection-callback-url=${ferrum}/v1/continue_inspection`,
        `ipa-listen-host=${config.labHost}`,
        'ipa-listen-port=0',
        'ipa-lookup-interval=1',
        'ipa-lookup-timeout=300',
        'ipa-image-download-connection-retry-interval=1',
        'ipa-inspection-collectors=default',
        // Plain HTTP between conductor and agents: automatic TLS would run openssl at every boot of every machine.
        'ipa-enable-auto-tls=0',
      ].join(' '),
    );

    const pool = new AgentPool(undefined, (line) => log.debug(line));
    closers.push(() => pool.close());
    await pool.start();
    const room = new MachineRoom(emulator, pool, machines, { bootDelayMs: config.labBootDelayMs, log: (line) => log.debug(line) });
    closers.push(() => room.close());

    const image = { url: `${filesUrl}/images/${INSTANCE_IMAGE}`, sha256: files.imageSha256 };
    if (config.labEnroll) {
      const { created, existing } = await enrollMachines(
        { url: ferrum, username: config.labUsername, password: config.labPassword, token: config.labToken },
        { bmcUrl, bmcUsername: BMC_USER, bmcPassword: config.labBmcPassword, agentIso: `${filesUrl}/agent.iso` },
        machines,
      );
      log.info(`enrolled ${created} machines in ${ferrum}${existing ? ` (${existing} were already enrolled)` : ''}`);
    }
    const summary = describe(machines, { bmcUrl, filesUrl, ferrum, image, enrolled: config.labEnroll });
    return { machines, bmcUrl, filesUrl, room, pool, emulator, image, summary, close };
  } catch (error) {
    await close();
    throw error;
  }
}

function describe(machines: LabMachine[], at: { bmcUrl: string; filesUrl: string; ferrum: string; image: { url: string; sha256: string }; enrolled: boolean }): string {
  const kinds = new Map<string, number>();
  for (const m of machines) kinds.set(m.kind, (kinds.get(m.kind) ?? 0) + 1);
  const faulty = (f: keyof LabMachine['faults']) => machines.filter((m) => m.faults[f]).map((m) => m.name);
  const faults = [
    ['BMC never answers', faulty('bmcTimeout')],
    ['agent crashes writing the image', faulty('agentCrash')],
    ['image arrives corrupted', faulty('badChecksum')],
  ] as const;
  const first = machines[0].name;
  return [
    `lab: ${machines.length} machines (${[...kinds].map(([k, n]) => `${n} ${k}`).join(', ')}), all powered off`,
    `  BMCs (Redfish):  ${at.bmcUrl}/redfish/v1/Systems/<id>  (admin / FERRUM_LAB_BMC_PASSWORD)`,
    `  agent ISO:       ${at.filesUrl}/agent.iso  (agents call ${at.ferrum})`,
    `  instance image:  ${at.image.url}  sha256 ${at.image.sha256}`,
    ...faults.filter(([, names]) => names.length).map(([what, names]) => `  fault, ${what}: ${names.join(', ')}`),
    at.enrolled ? '  try:' : '  enroll them with --enroll, then try:',
    `    baremetal node manage ${first} --wait && baremetal node inspect ${first} --wait && baremetal node provide ${first} --wait`,
    `    baremetal node set ${first} --instance-info image_source=${at.image.url} --instance-info image_checksum=${at.image.sha256}`,
    `    baremetal node deploy ${first} --wait`,
  ].join('\n');
}
