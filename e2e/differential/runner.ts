import { compare, describe, Difference } from './compare';
import { normalize, normalizeString, Side, unwrapError } from './normalize';
import { resolve, Scenario, Step, StepContext } from './step';

/** Headers compared on every step (names lower-case). Request ids are compared by presence and shape. */
const COMPARED_HEADERS = [
  'x-openstack-ironic-api-version',
  'x-openstack-ironic-api-minimum-version',
  'x-openstack-ironic-api-maximum-version',
  'location',
  'content-type',
  'openstack-request-id',
  'www-authenticate',
];

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export interface StepResult {
  scenario: string;
  step: string;
  differences: Difference[];
  /** Set when the step differs only in a way the allow-list accepts. */
  allowed?: string;
}

/** One server under comparison. */
export class Server {
  readonly vars = new Map<string, string>();
  readonly side: Side;
  readonly ctx: StepContext;

  constructor(
    readonly label: 'ironic' | 'ferrum',
    readonly baseUrl: string,
    names: Record<string, string>,
  ) {
    this.side = { baseUrl, conductors: [], vars: this.vars };
    const vars = this.vars;
    this.ctx = {
      names,
      vars,
      v(name: string) {
        const value = vars.get(name);
        if (value === undefined) throw new Error(`variable ${name} was not captured`);
        return value;
      },
    };
  }

  async send(step: Step): Promise<Answer> {
    const headers: Record<string, string> = { Accept: 'application/json', ...(step.headers ?? {}) };
    const version = step.version === undefined ? '1.78' : step.version;
    if (version !== null) headers['X-OpenStack-Ironic-API-Version'] = version;
    let body: string | undefined;
    if (step.raw !== undefined) body = step.raw;
    else if (step.body !== undefined) body = JSON.stringify(resolve(step.body, this.ctx));
    if (body !== undefined) headers['Content-Type'] = step.contentType ?? 'application/json';
    const response = await fetch(`${this.baseUrl}${resolve(step.path, this.ctx)}`, { method: step.method, headers, body });
    const text = await response.text();
    const out: Record<string, string> = {};
    response.headers.forEach((value, name) => (out[name.toLowerCase()] = value));
    let parsed: unknown = text;
    if (text && (out['content-type'] ?? '').includes('json')) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { status: response.status, headers: out, body: parsed };
  }

  /** Polls the node until no target state and no reservation remain (Ironic's async actions end so). */
  async settle(ident: string, timeoutMs = 20_000): Promise<boolean> {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      const answer = await this.send({ name: 'settle', method: 'GET', path: `/v1/nodes/${ident}`, version: 'latest' });
      const node = answer.body as Record<string, unknown>;
      if (answer.status === 200 && node.target_power_state === null && node.target_provision_state === null && node.reservation === null) {
        return true;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return false;
  }

  capture(step: Step, answer: Answer): void {
    for (const [name, path] of Object.entries(step.save ?? {})) {
      let value: any = answer.body;
      for (const key of path.split('/')) value = value?.[key];
      if (typeof value === 'string') this.vars.set(name, value);
    }
  }
}

export function comparable(answer: Answer, side: Side): Record<string, unknown> {
  const headers: Record<string, unknown> = {};
  for (const name of COMPARED_HEADERS) {
    if (answer.headers[name] !== undefined) headers[name] = normalizeString(answer.headers[name], side);
  }
  return { status: answer.status, headers, body: normalize(unwrapError(answer.body), side) };
}

/** Runs scenarios step by step against both servers, one printed line per step. */
export class DifferentialRunner {
  readonly results: StepResult[] = [];

  constructor(
    private readonly ironic: Server,
    private readonly ferrum: Server,
    private readonly allowList: Record<string, { reason: string; accepts: (ironic: Answer, ferrum: Answer) => boolean }>,
    private readonly print: (line: string) => void,
  ) {}

  async run(scenario: Scenario): Promise<StepResult[]> {
    const results: StepResult[] = [];
    for (const step of scenario.steps) {
      results.push(await this.runStep(scenario, step));
      if (step.settle !== undefined) results.push(await this.settleStep(scenario, step));
    }
    return results;
  }

  private record(result: StepResult): StepResult {
    this.results.push(result);
    const mark = result.differences.length === 0 ? (result.allowed ? 'ok (allowed)' : 'ok') : 'DIFF';
    this.print(`${mark.padEnd(12)} ${result.scenario} › ${result.step}${result.allowed ? ` — ${result.allowed}` : ''}`);
    for (const d of result.differences.slice(0, 12)) this.print(`               ${describe(d)}`);
    if (result.differences.length > 12) this.print(`               … ${result.differences.length - 12} more`);
    return result;
  }

  private async runStep(scenario: Scenario, step: Step): Promise<StepResult> {
    let a: Answer;
    let b: Answer;
    try {
      [a, b] = [await sendUntil(this.ironic, step), await sendUntil(this.ferrum, step)];
    } catch (error) {
      return this.record({ scenario: scenario.name, step: step.name, differences: [{ path: '/', ironic: 'request failed', ferrum: String(error) }] });
    }
    this.ironic.capture(step, a);
    this.ferrum.capture(step, b);
    const differences = compare(comparable(a, this.ironic.side), comparable(b, this.ferrum.side), Object.keys(step.ignore ?? {}));
    const allowed = this.allowList[`${scenario.name} › ${step.name}`];
    if (differences.length > 0 && allowed?.accepts(a, b)) {
      return this.record({ scenario: scenario.name, step: step.name, differences: [], allowed: allowed.reason });
    }
    return this.record({ scenario: scenario.name, step: step.name, differences });
  }

  private async settleStep(scenario: Scenario, step: Step): Promise<StepResult> {
    const name = `${step.name} (settled)`;
    const [ia, fa] = [resolve(step.settle!, this.ironic.ctx), resolve(step.settle!, this.ferrum.ctx)];
    const [si, sf] = await Promise.all([this.ironic.settle(ia), this.ferrum.settle(fa)]);
    // Neither settling (e.g. both in "clean failed", whose target stays) is agreement: compare the nodes as they are.
    if (si !== sf) {
      return this.record({ scenario: scenario.name, step: name, differences: [{ path: '/settled', ironic: si, ferrum: sf }] });
    }
    const show = (ident: string): Step => ({ name, method: 'GET', path: `/v1/nodes/${ident}`, version: step.version, ignore: step.ignore });
    const [a, b] = [await this.ironic.send(show(ia)), await this.ferrum.send(show(fa))];
    const differences = compare(comparable(a, this.ironic.side), comparable(b, this.ferrum.side), Object.keys(step.ignore ?? {}));
    const allowed = this.allowList[`${scenario.name} › ${name}`];
    if (differences.length > 0 && allowed?.accepts(a, b)) {
      return this.record({ scenario: scenario.name, step: name, differences: [], allowed: allowed.reason });
    }
    return this.record({ scenario: scenario.name, step: name, differences });
  }
}

/** Sends a step; with `until`, again every 100 ms (up to 20 s) until its body passes. */
async function sendUntil(server: Server, step: Step): Promise<Answer> {
  const end = Date.now() + 20_000;
  for (;;) {
    const answer = await server.send(step);
    if (!step.until || step.until(answer.body) || Date.now() > end) return answer;
    await new Promise((r) => setTimeout(r, 100));
  }
}
