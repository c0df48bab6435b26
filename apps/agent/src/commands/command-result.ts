import { randomUUID } from 'node:crypto';

export type CommandStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED';

export interface CommandError {
  type: string;
  code: number;
  message: string;
  details: string;
}

/** IPA's CommandResult as it is serialised (command_params are not). */
export interface CommandResultView {
  id: string;
  command_name: string;
  command_status: CommandStatus;
  command_error: CommandError | null;
  command_result: Record<string, unknown> | null;
}

/** One command run: sync ones finish before they are stored, async ones are RUNNING until their promise settles. */
export class CommandResult {
  readonly id = randomUUID();
  status: CommandStatus = 'RUNNING';
  error: CommandError | null = null;
  result: Record<string, unknown> | null = null;
  readonly done: Promise<void>;
  private settle!: () => void;

  constructor(readonly name: string) {
    this.done = new Promise((resolve) => (this.settle = resolve));
  }

  succeed(value: unknown, async: boolean): void {
    // IPA wraps a plain string as {"result": s}; async results are prefixed with the command name.
    this.result =
      typeof value === 'string' ? { result: async ? `${this.name}: ${value}` : value } : ((value ?? null) as Record<string, unknown> | null);
    this.status = 'SUCCEEDED';
    this.settle();
  }

  fail(err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    const type = err instanceof Error && err.constructor.name !== 'Error' ? err.constructor.name : 'CommandExecutionError';
    this.error = { type, code: 500, message: `Command execution failed: ${message}`, details: message };
    this.status = 'FAILED';
    this.settle();
  }

  view(): CommandResultView {
    return { id: this.id, command_name: this.name, command_status: this.status, command_error: this.error, command_result: this.result };
  }
}
