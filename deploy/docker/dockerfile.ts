import { readFileSync } from 'node:fs';

export interface Instruction {
  keyword: string;
  /** The text after the keyword, continuation lines joined. */
  args: string;
  line: number;
}

export interface Stage {
  /** The `AS` name, or the stage's index when it has none. */
  name: string;
  from: string;
  instructions: Instruction[];
}

/**
 * Just enough of the Dockerfile grammar to check what a file names: comments, `\` line continuations,
 * stages and instructions. JSON-form arguments are read with `execForm`.
 */
export function parseDockerfile(path: string): Stage[] {
  const stages: Stage[] = [];
  const lines = readFileSync(path, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let text = lines[i].trim();
    if (text === '' || text.startsWith('#')) continue;
    while (text.endsWith('\\') && i + 1 < lines.length) {
      i++;
      const next = lines[i].trim();
      text = text.slice(0, -1) + ' ' + (next.startsWith('#') ? '' : next);
    }
    const [keyword, ...rest] = text.split(/\s+/);
    const args = rest.join(' ');
    const instruction = { keyword: keyword.toUpperCase(), args, line: start + 1 };
    if (instruction.keyword === 'FROM') {
      const m = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      if (!m) throw new Error(`${path}:${start + 1}: cannot read FROM ${args}`);
      stages.push({ name: m[2] ?? String(stages.length), from: m[1], instructions: [] });
    } else if (stages.length) {
      stages[stages.length - 1].instructions.push(instruction);
    }
  }
  return stages;
}

/** `["tini", "--", "node"]` → the list; shell form → one item. */
export function execForm(args: string): string[] {
  return args.trim().startsWith('[') ? (JSON.parse(args) as string[]) : [args];
}

export interface CopySpec {
  from?: string;
  sources: string[];
  dest: string;
}

export function copySpec(args: string): CopySpec {
  const words = args.split(/\s+/);
  const flags = words.filter((w) => w.startsWith('--'));
  const paths = words.filter((w) => !w.startsWith('--'));
  const from = flags.find((f) => f.startsWith('--from='))?.slice('--from='.length);
  return { from, sources: paths.slice(0, -1), dest: paths[paths.length - 1] };
}
