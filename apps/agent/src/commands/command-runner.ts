import { CommandContext, COMMANDS, InvalidCommandParams } from './extensions';
import { CommandResult } from './command-result';

export class AgentBusy extends Error {}
export class UnknownExtension extends Error {}

/**
 * Runs commands one at a time, in order, keeping every result (IPA's ExecuteCommandMixin): a new command while
 * an async one is RUNNING is refused (409 "Agent is busy"); dispatch errors become FAILED results.
 */
export class CommandRunner {
  private readonly results: CommandResult[] = [];

  constructor(
    private readonly ctx: CommandContext,
    private readonly onAsyncDone: () => void = () => undefined,
  ) {}

  list(): CommandResult[] {
    return this.results;
  }

  get(id: string): CommandResult | undefined {
    return this.results.find((r) => r.id === id);
  }

  /** @throws InvalidCommandParams (400), UnknownExtension (404), AgentBusy (409) */
  async execute(name: string, params: Record<string, unknown>): Promise<CommandResult> {
    if (!/^[A-Za-z_]+\.[A-Za-z_]+$/.test(name)) throw new InvalidCommandParams(`Invalid command name: ${name}`);
    const spec = COMMANDS[name];
    if (!spec) throw new UnknownExtension(`Unknown command: ${name}`);
    if (this.results.some((r) => r.status === 'RUNNING')) throw new AgentBusy('Agent is busy');
    spec.validate?.(params);
    const result = new CommandResult(name.split('.')[1]);
    this.results.push(result);
    if (!spec.async) {
      try {
        result.succeed(await spec.run(params, this.ctx), false);
      } catch (err) {
        if (err instanceof InvalidCommandParams) {
          this.results.pop();
          throw err;
        }
        result.fail(err);
      }
      return result;
    }
    spec.run(params, this.ctx).then(
      (value) => result.succeed(value, true),
      (err: unknown) => result.fail(err),
    ).finally(this.onAsyncDone);
    return result;
  }
}
