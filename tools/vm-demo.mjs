// What npm run try:vm and try:vm:pxe share: the clock they print, the QEMU machine behind its BMC, the file server
// the machine talks to, and the baremetal CLI printed as it runs.
import { execFile } from 'node:child_process';
import { createReadStream, existsSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);
export const ROOT = new URL('..', import.meta.url).pathname;
const started = Date.now();

/** Prints a line with the seconds since the demo started. */
export const say = (line) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

/**
 * The Redfish BMC emulator with one QEMU machine behind it (2 CPUs, 1 GiB, a 5 GiB sparse disk in `dir`), powered off.
 * `machine` is QemuMachines' per-machine spec beyond those (agentPort), `options` its options beyond dir and log.
 */
export async function qemuMachine(dir, machine = {}, options = {}) {
  const { RedfishEmulator, QemuMachines } = createRequire(import.meta.url)(join(ROOT, 'dist/libs/bmc-emulator/src/index.js'));
  const emulator = new RedfishEmulator({ mockupDir: join(ROOT, 'libs/lab/redfish-mockup/public-rackmount1'), systems: 1, port: 0 });
  await emulator.listen();
  const [system] = emulator.systemIds;
  emulator.setPower(system, 'Off', 'Demo');
  const disk = join(dir, 'disk.raw');
  writeFileSync(disk, '');
  truncateSync(disk, 5 * 1024 ** 3); // the agent deploys to a disk of at least 4 GiB, as IPA
  const machines = new QemuMachines(emulator, [{ system, cpus: 2, memoryMiB: 1024, disk, ...machine }], { dir, log: (l) => say(`BMC: ${l}`), ...options });
  const mac = emulator.nicMacs(system)[0].toLowerCase();
  return { emulator, machines, system, mac, close: async () => { await machines.close(); await emulator.close(); } };
}

/** Serves `published` (URL path → file) and takes the deployed system's call home (`POST /home`) into `home.body`. */
export async function fileServer(host, port, published) {
  const home = {};
  const server = createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/home') {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => { home.body = JSON.parse(body); say(`the deployed machine called home: ${body}`); res.writeHead(204).end(); });
      return;
    }
    const file = published[req.url];
    if (!file || !existsSync(file)) return void res.writeHead(404).end();
    say(`file server: the machine fetches ${req.url}`);
    res.writeHead(200, { 'Content-Length': statSync(file).size });
    createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(port, host, resolve));
  return { home, url: `http://${host}:${server.address().port}`, port: server.address().port, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** `baremetal …` against `endpoint` without credentials, printed before it runs; resolves with its stdout. */
export function baremetalAt(endpoint) {
  return async (...args) => {
    say(`$ baremetal ${args.join(' ')}`);
    const { stdout } = await exec('/usr/bin/baremetal', ['--os-endpoint', endpoint, '--os-auth-type', 'none', ...args], { env: { ...process.env, PYTHONWARNINGS: 'ignore' } });
    return stdout;
  };
}

/** Waits for the deployed system to call home, or fails with the end of its console. */
export async function waitForCallHome(home, machines, system) {
  for (let i = 0; !home.body && i < 360; i++) await new Promise((r) => setTimeout(r, 250));
  if (!home.body) throw new Error(`the deployed machine never called home; its console:\n${readFileSync(machines.consolePath(system), 'utf8').slice(-2000)}`);
}
