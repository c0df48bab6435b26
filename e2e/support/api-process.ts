import { FerrumProcess } from './ferrum-process';
import { freePort } from './free-port';
import { IronicHttp } from './http';

/**
 * Starts `--role api` on a free port with `env` and waits until `/v1` answers (failing with the API's logs
 * if it does not). The process joins `procs`, which the test kills in its afterAll.
 */
export async function startApiProcess(env: Record<string, string>, procs: FerrumProcess[]): Promise<IronicHttp> {
  const port = await freePort();
  const api = new FerrumProcess('api', { ...env, FERRUM_API_PORT: String(port) });
  procs.push(api);
  const http = new IronicHttp(`http://127.0.0.1:${port}`);
  await http.waitUntilUp(30_000).catch((e: Error) => {
    throw new Error(`${e.message}\n${api.logs}`);
  });
  return http;
}
