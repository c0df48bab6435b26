import { createInterface } from 'node:readline';
import { AgentPool } from './agent-pool';
import { parseCommand } from './parse-command';
import type { PoolEvent } from '@ferrum/contracts';

// The simulated-agent pool (dist/agent-pool.js): the lab (`npm run lab`) runs the agents of all its simulated
// machines in this one process and drives it with JSON lines (libs/contracts/src/agent-pool.ts). stdout carries the events
// only; every log line goes to stderr.
const emit = (event: PoolEvent) => void process.stdout.write(`${JSON.stringify(event)}\n`);
const log = (machine: string, level: string, msg: string) =>
  void process.stderr.write(`${machine} ${new Date().toISOString()} ${level} ${msg.replace(/\s*\n\s*/g, ' ')}\n`);

const pool = new AgentPool({ emit, log });

let exiting = false;
async function exit(why: string): Promise<void> {
  if (exiting) return;
  exiting = true;
  log('pool', 'INFO', `${why}: stopping ${pool.machines().length} agent(s)`);
  // Machines losing power do not wait for anything: whatever is still closing after a moment is cut.
  setTimeout(() => process.exit(0), 2000).unref();
  await pool.stopAll();
  process.exit(0);
}

// One machine's agent must not take the others down: what escapes it is logged, and the pool goes on.
process.on('unhandledRejection', (err) => log('pool', 'ERROR', `unhandled rejection: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`));
process.on('uncaughtException', (err) => log('pool', 'ERROR', `uncaught exception: ${err.stack ?? err.message}`));
// The lab is gone when its end of stdout is.
process.stdout.on('error', () => void exit('stdout closed'));

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on('line', (line) => {
  if (!line.trim() || exiting) return;
  const parsed = parseCommand(line);
  if ('error' in parsed) {
    log('pool', 'ERROR', parsed.error);
    emit({ event: 'error', message: parsed.error });
    return;
  }
  const { command } = parsed;
  if (command.op === 'shutdown') return void exit('shutdown');
  pool.handle(command).catch((err: unknown) => log('machine' in command ? command.machine : 'pool', 'ERROR', `${command.op} failed: ${String(err)}`));
});
lines.on('close', () => void exit('stdin closed'));
emit({ event: 'ready' });
