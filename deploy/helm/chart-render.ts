import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

export const ROOT = resolve(__dirname, '..', '..');
export const CHART = join(ROOT, 'deploy', 'helm', 'ferrum');
/** shared/ sits beside the repository, on developers' machines and in CI. */
const TOOLS = process.env.FERRUM_CHART_RENDER_DIR ?? join(ROOT, '..', 'shared', 'tools', 'chart-render');
const BINARY = join(ROOT, 'tmp', 'chart-render');

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [key: string]: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- specs read rendered manifests field by field
}

/**
 * Builds chart-render (our stand-in for `helm template`) into tmp/, which git ignores. build.sh installs
 * Debian's Go with apt when it is missing. Returns the binary, or the reason it could not be built.
 */
export function buildChartRender(): { binary?: string; error?: string } {
  const script = join(TOOLS, 'build.sh');
  if (!existsSync(script)) return { error: `${script} not found (shared/ should sit beside the repository)` };
  const result = spawnSync('bash', [script, BINARY], { encoding: 'utf8', timeout: 600_000 });
  if (result.status !== 0) return { error: `build.sh failed (${result.status}): ${result.stderr || result.stdout}` };
  return { binary: BINARY };
}

export interface RenderResult {
  ok: boolean;
  stdout: string;
  stderr: string;
  objects: K8sObject[];
}

export function render(binary: string, valueFiles: string[], sets: string[] = [], chart = CHART, release = 'ferrum'): RenderResult {
  const args = [release, chart, '-n', 'baremetal', ...valueFiles.flatMap((f) => ['-f', f]), ...sets.flatMap((s) => ['--set', s])];
  const result = spawnSync(binary, args, { encoding: 'utf8' });
  const ok = result.status === 0;
  // YAML 1.1, as Kubernetes reads it.
  const objects = ok ? parseAllDocuments(result.stdout, { version: '1.1' }).map((d) => d.toJS() as K8sObject).filter(Boolean) : [];
  return { ok, stdout: result.stdout, stderr: result.stderr, objects };
}

/**
 * A copy of the chart in tmp/ with empty stand-ins for the PostgreSQL and NATS charts unpacked under
 * charts/, so that the values paths that turn the dependencies on can be rendered without fetching them.
 */
export function chartWithStubDependencies(): string {
  const dir = join(ROOT, 'tmp', 'chart-with-dependencies');
  rmSync(dir, { recursive: true, force: true });
  const copy = join(dir, 'ferrum');
  cpSync(CHART, copy, { recursive: true });
  for (const name of ['postgresql', 'nats']) {
    mkdirSync(join(copy, 'charts', name, 'templates'), { recursive: true });
    writeFileSync(join(copy, 'charts', name, 'Chart.yaml'), `apiVersion: v2\nname: ${name}\nversion: 1.0.0\n`);
  }
  return copy;
}

/**
 * What NOTES.txt tells the user after `helm install` with these values. chart-render renders NOTES.txt only
 * for its errors, so a copy of the chart renders it again through `tpl` into a ConfigMap, and that is read.
 */
export function renderNotes(binary: string, valueFiles: string[], sets: string[] = []): string {
  const dir = join(ROOT, 'tmp', 'chart-with-notes');
  rmSync(dir, { recursive: true, force: true });
  const copy = join(dir, 'ferrum');
  cpSync(CHART, copy, { recursive: true });
  cpSync(join(copy, 'templates', 'NOTES.txt'), join(copy, 'NOTES.render'));
  writeFileSync(
    join(copy, 'templates', 'zz-notes.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: chart-render-notes\ndata:\n  NOTES.txt: {{ tpl (.Files.Get "NOTES.render") . | quote }}\n',
  );
  const result = render(binary, valueFiles, sets, copy);
  if (!result.ok) throw new Error(`NOTES.txt did not render: ${result.stderr}`);
  const notes = result.objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'chart-render-notes') as { data: Record<string, string> } | undefined;
  return notes!.data['NOTES.txt'];
}

/** A values file in tmp/ (for values --set cannot express, such as lists of maps). */
export function valuesFile(name: string, yaml: string): string {
  const dir = join(ROOT, 'tmp', 'chart-values');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}-values.yaml`);
  writeFileSync(file, yaml);
  return file;
}

/** Runs the shared validate-manifests.mjs (Kubernetes API schemas from kubernetes-models) on rendered YAML. */
export function validateManifests(yaml: string): { ok: boolean; output: string } {
  const result = spawnSync(process.execPath, [join(TOOLS, 'validate-manifests.mjs'), '-'], { cwd: ROOT, input: yaml, encoding: 'utf8' });
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

/** Where `helm` is on PATH, its lint too (these machines have none). */
export function helmLint(valueFiles: string[]): { ran: boolean; ok?: boolean; output?: string } {
  const which = spawnSync('sh', ['-c', 'command -v helm'], { encoding: 'utf8' });
  if (which.status !== 0) return { ran: false };
  const result = spawnSync('helm', ['lint', CHART, ...valueFiles.flatMap((f) => ['-f', f])], { encoding: 'utf8' });
  return { ran: true, ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}
