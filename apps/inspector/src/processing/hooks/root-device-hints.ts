import { Invalid } from '@ferrum/errors';
import type { InventoryDisk } from '@ferrum/contracts';

const GIB = 1024 ** 3;
const STRING_HINTS = ['name', 'model', 'vendor', 'serial', 'wwn', 'wwn_with_extension', 'wwn_vendor_extension', 'hctl', 'by_path'] as const;
const KNOWN = new Set<string>([...STRING_HINTS, 'size', 'rotational']);
const OPERATOR = /^(s==|s!=|==|!=|>=|<=|>|<|<in>|<or>)/;

/** One hint value against one disk value, with Ironic's operators (`<in>`, `<or>`, `s==`, `==`, `>=`, …). */
function matches(expected: unknown, value: unknown, numeric: boolean): boolean {
  if (value === null || value === undefined || typeof value === 'object') return false;
  const actual = value as string | number | boolean;
  if (typeof expected !== 'string') return numeric ? Number(actual) === Number(expected) : String(actual) === String(expected);
  const e = expected.trim();
  if (e.startsWith('<or>')) return e.slice(4).split('<or>').some((alt) => matches(alt.trim(), value, numeric));
  if (e.startsWith('<in>')) return String(actual).includes(e.slice(4).trim());
  const op = /^(s==|s!=|==|!=|>=|<=|>|<)\s*(.*)$/.exec(e);
  if (!op) return numeric ? Number(actual) === Number(e) : String(actual) === e;
  const [, operator, raw] = op;
  if (operator.startsWith('s')) return operator === 's==' ? String(actual) === raw : String(actual) !== raw;
  const a = Number(actual);
  const b = Number(raw);
  switch (operator) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '>=':
      return a >= b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    default:
      return a < b;
  }
}

/**
 * Ironic's root device hints (properties.root_device) against the inventory's disks: the first disk
 * (smallest first) matching every hint.
 * @throws Invalid for an unknown hint, or when no disk satisfies them
 */
export function selectRootDisk(hints: Record<string, unknown>, disks: InventoryDisk[], skip: string[] = []): InventoryDisk {
  const unknown = Object.keys(hints).filter((k) => !KNOWN.has(k));
  if (unknown.length) throw new Invalid({ message: `Unsupported root device hints: ${unknown.join(', ')}` });
  const candidates = disks.filter((d) => !skip.includes(d.name)).sort((a, b) => a.size - b.size || a.name.localeCompare(b.name));
  const found = candidates.find((disk) =>
    Object.entries(hints).every(([key, value]) => {
      if (key === 'size') return matches(value, Math.floor(disk.size / GIB), true);
      if (key === 'rotational') return String(disk.rotational).toLowerCase() === String(value).toLowerCase();
      const actual = (disk as Record<string, unknown>)[key];
      // Ironic normalises names to /dev/… before comparing.
      const wanted = key === 'name' && typeof value === 'string' && !value.startsWith('/dev/') && !OPERATOR.test(value.trim()) ? `/dev/${value}` : value;
      return matches(wanted, actual, false);
    }),
  );
  if (!found) throw new Invalid({ message: `No disks satisfied root device hints ${JSON.stringify(hints)}` });
  return found;
}

/** The agent's default: the smallest disk of at least 4 GiB, ties by name. */
export function defaultRootDisk(disks: InventoryDisk[]): InventoryDisk | undefined {
  return disks.filter((d) => d.size >= 4 * GIB).sort((a, b) => a.size - b.size || a.name.localeCompare(b.name))[0];
}

/** ⌊size/GiB⌋ − 1: ironic-inspector leaves 1 GiB for partitioning; 0 when there is no disk. */
export function localGb(disk: { size: number } | undefined): number {
  if (!disk) return 0;
  return Math.max(0, Math.floor(disk.size / GIB) - 1);
}
