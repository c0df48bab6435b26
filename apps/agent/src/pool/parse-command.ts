import { normalizeMac } from '@ferrum/contracts';
import { z } from 'zod';
import type { PoolCommand } from '@ferrum/contracts';

const mac = z.string().refine((m) => normalizeMac(m) !== null, 'not a MAC address');

const hardwareSchema = z.object({
  cpus: z.number().int().positive(),
  cpuModel: z.string().optional(),
  architecture: z.string().min(1).optional(),
  memoryMiB: z.number().int().positive(),
  nics: z.array(z.object({ name: z.string().min(1), mac })),
  disks: z.array(
    z.object({
      // A device name, so that the inventory's /dev/<name> is a path (and software RAID can name it).
      name: z.string().regex(/^(\/dev\/)?[A-Za-z0-9_.-]+$/, 'not a device name'),
      sizeGiB: z.number().positive(),
      rotational: z.boolean().optional(),
      model: z.string().optional(),
      serial: z.string().optional(),
    }),
  ),
  vendor: z.object({ manufacturer: z.string().optional(), productName: z.string().optional(), serialNumber: z.string().optional() }).optional(),
  bootMode: z.enum(['uefi', 'bios']).optional(),
  bmcAddress: z.string().optional(),
});

const machine = z.string().min(1);
const OPS = ['boot', 'stop', 'shutdown'];

// Typed as the contract's command: a required field missing here, or one typed differently, fails the type check.
const commandSchema: z.ZodType<PoolCommand> = z.discriminatedUnion('op', [
  z.object({
    op: z.literal('boot'),
    machine,
    cmdline: z.string(),
    hardware: hardwareSchema,
    disk: z.string().min(1),
    faults: z.object({ crashOn: z.string().min(1).optional(), corruptImage: z.literal(true).optional() }).optional(),
    boot: z.number().int().optional(),
  }),
  z.object({ op: z.literal('stop'), machine }),
  z.object({ op: z.literal('shutdown') }),
]);

/** One stdin line as a command, or the reason it is not one (for the `error` event). */
export function parseCommand(line: string): { command: PoolCommand } | { error: string } {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (err) {
    return { error: `not JSON (${err instanceof Error ? err.message : String(err)}): ${clip(line)}` };
  }
  const op = (json as { op?: unknown } | null)?.op;
  if (!OPS.includes(op as string)) return { error: `unknown op ${JSON.stringify(op ?? null)} (boot, stop or shutdown): ${clip(line)}` };
  const parsed = commandSchema.safeParse(json);
  if (parsed.success) return { command: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  return { error: `bad command (${where}${issue.message}): ${clip(line)}` };
}

const clip = (line: string) => (line.length > 200 ? `${line.slice(0, 200)}…` : line);
