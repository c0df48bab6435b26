import Ajv from 'ajv';
import bcrypt from 'bcryptjs';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { parse } from 'yaml';
import { BasicAuthenticator, parseHtpasswd } from '@ferrum/auth';
import { allOptions, commonOptions, loadConfig } from '@ferrum/config';
import { HEALTH_PATHS } from '@ferrum/observability';
import { inCI } from '@ferrum/testing';
// The launcher's own start-up checks (apps/ferrum has no package alias: it is the composition root).
// eslint-disable-next-line @nx/enforce-module-boundaries
import { crossCheck, type Role } from '../../apps/ferrum/src/roles';
import { CHART, K8sObject, ROOT, buildChartRender, chartWithStubDependencies, helmLint, render, renderNotes, validateManifests, valuesFile } from './chart-render';

const ci = (name: string) => join(CHART, 'ci', `${name}-values.yaml`);
const SPLIT = ['migrate', 'api', 'conductor', 'inspector'];
/** Each value set in ci/ and the roles its Ferrum containers run: the all-in-one is one `--role all`. */
const ROLES_OF: Record<string, string[]> = {
  default: SPLIT,
  'external-secret': SPLIT,
  scaled: SPLIT,
  'no-inspector': ['migrate', 'api', 'conductor'],
  'dependencies-off': SPLIT,
  tls: SPLIT,
  keystone: SPLIT,
  'all-in-one': ['all'],
  noauth: ['all'],
  'cert-manager': ['all'],
};
const VALUE_SETS = Object.keys(ROLES_OF);
const KNOWN_ENV = new Set(Object.values(allOptions).map((o) => o.env));
const PORT_ENV: Record<string, string> = { api: 'FERRUM_API_PORT', conductor: 'FERRUM_CONDUCTOR_HEALTH_PORT', inspector: 'FERRUM_INSPECTOR_PORT', all: 'FERRUM_API_PORT' };
/** Roles that take calls: they, and only they, authenticate callers and serve TLS. */
const LISTENERS = ['api', 'inspector', 'all'];
const LISTENER_ENV = /^FERRUM_(AUTH_STRATEGY|ALLOW_INSECURE_NOAUTH|HTTP_BASIC_|POLICY_FILE|KEYSTONE_|TLS_)/;

let binary: string | undefined;
/** A throwaway certificate and key, standing in for the operator's TLS Secrets when start-up checks load them. */
let standInTls: { cert: string; key: string } | undefined;

beforeAll(() => {
  const built = buildChartRender();
  if (built.binary) {
    binary = built.binary;
    const dir = mkdtempSync(join(tmpdir(), 'ferrum-chart-tls-'));
    const made = spawnSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=ferrum-api', '-keyout', join(dir, 'key'), '-out', join(dir, 'cert')],
      { encoding: 'utf8' },
    );
    if (made.status !== 0) throw new Error(`openssl could not make the stand-in certificate: ${made.stderr}`);
    standInTls = { cert: readFileSync(join(dir, 'cert'), 'utf8'), key: readFileSync(join(dir, 'key'), 'utf8') };
    rmSync(dir, { recursive: true, force: true });
    return;
  }
  // Under CI=true the chart must be checked; elsewhere a machine without apt or Go skips, and says so.
  if (inCI()) throw new Error(`chart-render is required under CI=true: ${built.error}`);
  process.stderr.write(`[ferrum tests] chart-render could not be built, chart specs skipped: ${built.error}\n`);
}, 600_000);

const maybe = (name: string, fn: () => void | Promise<void>) =>
  it(name, async () => {
    if (!binary) return;
    await fn();
  });

const rendered = new Map<string, K8sObject[]>();
function objectsOf(set: string): K8sObject[] {
  if (!rendered.has(set)) {
    const result = render(binary!, [ci(set)]);
    if (!result.ok) throw new Error(`render of ${set} failed: ${result.stderr}`);
    rendered.set(set, result.objects);
  }
  return rendered.get(set)!;
}
function renderOk(valueFiles: string[], sets: string[] = [], chart?: string): K8sObject[] {
  const result = render(binary!, valueFiles, sets, chart);
  if (!result.ok) throw new Error(`render failed: ${result.stderr}`);
  return result.objects;
}

interface PodOwner {
  owner: K8sObject;
  spec: any;
  labels: Record<string, string>;
}
const pods = (objects: K8sObject[]): PodOwner[] =>
  objects.filter((o) => ['Deployment', 'StatefulSet', 'Job'].includes(o.kind)).map((o) => ({ owner: o, spec: o.spec.template.spec, labels: o.spec.template.metadata.labels }));
/** Containers running the Ferrum image: they are the ones started with a role. */
const ferrumContainers = (objects: K8sObject[]) =>
  pods(objects).flatMap((p) => (p.spec.containers as any[]).filter((c) => c.args?.[0] === '--role').map((c) => ({ ...p, container: c, role: c.args[1] as string })));
type FerrumContainer = ReturnType<typeof ferrumContainers>[number];
const find = (objects: K8sObject[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);
const decode = (data: Record<string, string>) => Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
/** A key of a rendered Secret, from stringData or (base64) data. */
const secretValue = (secret: K8sObject, key: string): string | undefined =>
  secret.stringData?.[key] ?? (secret.data?.[key] === undefined ? undefined : Buffer.from(secret.data[key], 'base64').toString('utf8'));

/** Values standing in for the operator's Secrets, which the chart names but does not render. */
const STAND_IN_ENV: Record<string, string> = { DATABASE_URL: 'postgres://u:p@db:5432/ferrum', NATS_URL: 'nats://nats:4222' };

/** The environment a container gets, with secret references resolved from rendered Secrets or stand-ins. */
function environment(objects: K8sObject[], owner: K8sObject, container: any): Record<string, string> {
  const env: Record<string, string> = {};
  for (const from of container.envFrom ?? []) {
    const source = from.configMapRef ? find(objects, 'ConfigMap', from.configMapRef.name)?.data : find(objects, 'Secret', from.secretRef.name)?.stringData;
    if (!source) throw new Error(`${container.name} reads ${JSON.stringify(from)}, which the chart does not render`);
    Object.assign(env, source);
  }
  for (const e of container.env ?? []) {
    if (e.value !== undefined) env[e.name] = String(e.value);
    else if (e.valueFrom?.fieldRef?.fieldPath === 'metadata.name') env[e.name] = `${owner.metadata.name}-0`;
    else if (e.valueFrom?.secretKeyRef) {
      const { name, key } = e.valueFrom.secretKeyRef;
      const secret = find(objects, 'Secret', name);
      // An operator's Secret (existingSecret) is not rendered: stand in a well-formed value.
      env[e.name] = secret ? secretValue(secret, key)! : (STAND_IN_ENV[e.name] ?? `stand-in for ${name}/${key}`);
    } else throw new Error(`${container.name}: cannot read env ${JSON.stringify(e)}`);
  }
  return env;
}

/** Content of a file mounted from a Secret or ConfigMap: the rendered one, or a well-formed stand-in for the operator's. */
function mountedFile(objects: K8sObject[], kind: 'Secret' | 'ConfigMap', name: string, key: string): string {
  const object = find(objects, kind, name);
  if (object) {
    const value = kind === 'Secret' ? secretValue(object, key) : object.data?.[key];
    if (value === undefined) throw new Error(`${kind} ${name} has no key ${key}`);
    return value;
  }
  const standIns: Record<string, string> = {
    htpasswd: `admin:${bcrypt.hashSync('stand-in', 4)}\n`,
    'roles.yaml': 'admin: {roles: [admin], system: true}\n',
    'policy.yaml': '"baremetal:node:get": "role:admin"\n',
    'tls.crt': standInTls!.cert,
    'tls.key': standInTls!.key,
    'ca.crt': standInTls!.cert,
  };
  if (!(key in standIns)) throw new Error(`no stand-in for key ${key} of ${kind} ${name}`);
  return standIns[key];
}

/** The container's volume mounts of files from Secrets and ConfigMaps: mount path → [path in it, kind, object, key]. */
function mountedFiles(c: FerrumContainer): { mountPath: string; subPath?: string; files: [string, 'Secret' | 'ConfigMap', string, string][] }[] {
  const volumes = new Map<string, any>((c.spec.volumes ?? []).map((v: any) => [v.name, v]));
  return (c.container.volumeMounts ?? []).flatMap((m: any) => {
    const v = volumes.get(m.name);
    if (!v) return [];
    const sources: any[] = v.projected?.sources ?? (v.secret ? [{ secret: { name: v.secret.secretName, items: v.secret.items } }] : v.configMap ? [{ configMap: v.configMap }] : []);
    if (!sources.length) return [];
    const files = sources.flatMap((s) => {
      const kind = s.secret ? 'Secret' : 'ConfigMap';
      const ref = s.secret ?? s.configMap;
      if (!ref.items) throw new Error(`${c.owner.metadata.name}: volume ${m.name} mounts every key of ${kind} ${ref.name}; the chart names the keys it mounts`);
      return (ref.items as any[]).map((i) => [i.path, kind, ref.name, i.key] as [string, 'Secret' | 'ConfigMap', string, string]);
    });
    return [{ mountPath: m.mountPath as string, subPath: m.subPath as string | undefined, files }];
  });
}

/**
 * What Ferrum says at start-up about this container's configuration: the same parse and cross-checks as
 * the launcher (noauth exposure, keystone's service user, TLS pairs, htpasswd/roles/policy files), with the
 * mounted files written out under a temporary root (the chart's own Secrets as rendered, stand-ins for the
 * operator's) and the paths in the environment moved there.
 */
function startupProblems(objects: K8sObject[], c: FerrumContainer): string[] {
  const env = environment(objects, c.owner, c.container);
  const root = mkdtempSync(join(tmpdir(), 'ferrum-chart-files-'));
  try {
    const mounts = mountedFiles(c);
    for (const m of mounts) {
      for (const [path, kind, name, key] of m.files) {
        const file = join(root, m.mountPath, path);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, mountedFile(objects, kind, name, key));
      }
    }
    for (const [name, value] of Object.entries(env)) {
      if (mounts.some((m) => value.startsWith(`${m.mountPath}/`))) env[name] = join(root, value);
    }
    return crossCheck(c.role as Role, loadConfig(allOptions, { ...env, FERRUM_ROLE: c.role }));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** The mount holding a file the environment names, and the volume source of that file. */
function fileSource(c: FerrumContainer, path: string) {
  const mount = mountedFiles(c).find((m) => path.startsWith(`${m.mountPath}/`));
  if (!mount) return undefined;
  const [, kind, name, key] = mount.files.find(([p]) => posix.join(mount.mountPath, p) === path) ?? [];
  const volumeMount = (c.container.volumeMounts as any[]).find((m) => m.mountPath === mount.mountPath);
  return { kind, name, key, readOnly: volumeMount.readOnly === true, subPath: volumeMount.subPath };
}

/** NetworkPolicy semantics for pod peers in one namespace: may a pod labelled `from` open `port` on a pod labelled `to`? */
function admits(policies: K8sObject[], to: Record<string, string>, from: Record<string, string>, port: number): boolean {
  const matches = (selector: any, labels: Record<string, string>) =>
    Object.entries(selector?.matchLabels ?? {}).every(([k, v]) => labels[k] === v) &&
    ((selector?.matchExpressions ?? []) as any[]).every((e) => (e.operator === 'In' ? e.values.includes(labels[e.key]) : e.operator === 'NotIn' ? !e.values.includes(labels[e.key]) : true));
  const selecting = policies.filter((p) => matches(p.spec.podSelector, to) && (p.spec.policyTypes ?? ['Ingress']).includes('Ingress'));
  if (!selecting.length) return true;
  return selecting.some((p) =>
    ((p.spec.ingress ?? []) as any[]).some(
      (rule) =>
        (!rule.from || (rule.from as any[]).some((peer) => peer.podSelector && !peer.namespaceSelector && !peer.ipBlock && matches(peer.podSelector, from))) &&
        (!rule.ports || (rule.ports as any[]).some((p) => p.port === port)),
    ),
  );
}

describe('Helm chart deploy/helm/ferrum', () => {

  for (const set of VALUE_SETS) {
    maybe(`renders with ${set} values into objects that pass the Kubernetes schemas`, () => {
      const result = render(binary!, [ci(set)]);
      expect(result.stderr).toBe('');
      expect(result.ok).toBe(true);
      const validation = validateManifests(result.stdout);
      expect({ set, output: validation.output, ok: validation.ok }).toEqual({ set, output: expect.any(String), ok: true });
      expect(validation.output).not.toContain('INVALID');
      // Only custom resources go unchecked (cert-manager's Certificate, the ServiceMonitor): specs below check them.
      const skipped = validation.output.split('\n').filter((line) => line.includes('SKIPPED'));
      for (const line of skipped) expect(line).toMatch(/^(Certificate|ServiceMonitor) ferrum: SKIPPED/);
    });
  }

  describe('default values: the all-in-one', () => {
    const defaults = () => render(binary!, []);

    maybe('renders without any value, and passes the Kubernetes schemas', () => {
      const result = defaults();
      expect(result.stderr).toBe('');
      expect(result.ok).toBe(true);
      const validation = validateManifests(result.stdout);
      expect({ output: validation.output, ok: validation.ok }).toEqual({ output: expect.any(String), ok: true });
    });

    maybe('is one StatefulSet of one pod running --role all, with nothing of the split topology', () => {
      const objects = defaults().objects;
      expect(objects.filter((o) => ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'].includes(o.kind)).map((o) => [o.kind, o.metadata.name])).toEqual([['StatefulSet', 'ferrum']]);
      expect(objects.filter((o) => ['HorizontalPodAutoscaler', 'PodDisruptionBudget'].includes(o.kind))).toEqual([]);
      const sts = find(objects, 'StatefulSet', 'ferrum')!;
      expect(sts.spec.replicas).toBe(1);
      const containers = ferrumContainers(objects);
      expect(containers.map((c) => c.container.args)).toEqual([['--role', 'all']]);
      expect(objects.filter((o) => o.kind === 'Service').map((o) => o.metadata.name).sort()).toEqual(['ferrum-api', 'ferrum-headless', 'ferrum-inspector']);
    });

    maybe('keeps the embedded database on the claim, migrates itself, and needs neither PostgreSQL nor NATS', () => {
      const objects = defaults().objects;
      const [c] = ferrumContainers(objects);
      const env = environment(objects, c.owner, c.container);
      expect(env).toMatchObject({ FERRUM_DB_DIR: '/var/lib/ferrum/db', FERRUM_AUTO_MIGRATE: 'true' });
      expect([env.DATABASE_URL, env.NATS_URL]).toEqual([undefined, undefined]);
      expect(objects.filter((o) => o.kind === 'Secret' && (secretValue(o, 'DATABASE_URL') ?? secretValue(o, 'NATS_URL')))).toEqual([]);
      const [claim] = c.owner.spec.volumeClaimTemplates;
      // No storageClassName: the cluster's default StorageClass.
      expect(claim.spec).toEqual({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '2Gi' } } });
      const data = (c.container.volumeMounts as any[]).find((m) => m.name === claim.metadata.name);
      expect(env.FERRUM_DB_DIR.startsWith(`${data.mountPath}/`)).toBe(true);
      expect((c.spec.volumes as any[]).map((v) => v.name)).not.toContain(claim.metadata.name);
      expect(startupProblems(objects, c)).toEqual([]);
    });

    maybe('authenticates with http_basic, reading the generated htpasswd file from a read-only mount', () => {
      const objects = defaults().objects;
      const [c] = ferrumContainers(objects);
      const env = environment(objects, c.owner, c.container);
      expect(env.FERRUM_AUTH_STRATEGY).toBe('http_basic');
      expect(env.FERRUM_ALLOW_INSECURE_NOAUTH).toBeUndefined();
      expect(fileSource(c, env.FERRUM_HTTP_BASIC_AUTH_USER_FILE)).toEqual({ kind: 'Secret', name: 'ferrum-htpasswd', key: 'htpasswd', readOnly: true, subPath: undefined });
      // Only the htpasswd line is mounted, not the plain password.
      expect(mountedFiles(c).flatMap((m) => m.files.map(([, , name, key]) => `${name}/${key}`))).toEqual(['ferrum-htpasswd/htpasswd']);
    });

    maybe('generates an admin whose password the operator can read, which Ferrum accepts', async () => {
      const objects = defaults().objects;
      const secret = decode(find(objects, 'Secret', 'ferrum-htpasswd')!.data);
      expect(secret.username).toBe('admin');
      expect(secret.password).toMatch(/^[A-Za-z0-9]{24}$/);
      const users = parseHtpasswd(secret.htpasswd, 'htpasswd');
      expect([...users.keys()]).toEqual(['admin']);
      const authenticator = new BasicAuthenticator({ users: () => users, roles: () => undefined });
      const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
      await expect(authenticator.authenticate(basic('admin', secret.password))).resolves.toMatchObject({ user: 'admin', system: true });
      await expect(authenticator.authenticate(basic('admin', `${secret.password}x`))).rejects.toThrow();
      // Without a cluster to look the Secret up in, every render draws another password.
      expect(decode(find(defaults().objects, 'Secret', 'ferrum-htpasswd')!.data).password).not.toBe(secret.password);
      // A given one is used, under the given name.
      const given = decode(find(renderOk([], ['auth.htpasswd.username=ops', 'auth.htpasswd.password=correct horse']), 'Secret', 'ferrum-htpasswd')!.data);
      expect(given).toMatchObject({ username: 'ops', password: 'correct horse' });
      expect(await bcrypt.compare('correct horse', parseHtpasswd(given.htpasswd, 'htpasswd').get('ops')!)).toBe(true);
    });

    maybe('NOTES.txt says which topology it is and how to read the admin password', () => {
      const notes = renderNotes(binary!, []);
      expect(notes).toContain('Topology: ALL-IN-ONE');
      expect(notes).toContain(`kubectl -n baremetal get secret ferrum-htpasswd -o jsonpath='{.data.password}' | base64 -d`);
      expect(notes).toContain('--os-auth-type http_basic --os-username admin');
      expect(notes).not.toContain('WARNING');
      const split = renderNotes(binary!, [ci('default')]);
      expect(split).toContain('Topology: SPLIT');
      expect(split).toContain('ferrum-htpasswd');
    });

    maybe('admits connections to the API and inspector ports only', () => {
      const objects = defaults().objects;
      expect(objects.filter((o) => o.kind === 'NetworkPolicy').map((p) => [p.metadata.name, p.spec.podSelector.matchLabels['app.kubernetes.io/component'], p.spec.ingress])).toEqual([
        ['ferrum', 'all-in-one', [{ ports: [{ port: 'http', protocol: 'TCP' }, { port: 'inspector', protocol: 'TCP' }] }]],
      ]);
    });
  });

  maybe('renders no inspector, no host network and no dnsmasq when the inspector is off', () => {
    const objects = objectsOf('no-inspector');
    expect(objects.filter((o) => o.metadata.name.includes('inspector') || o.metadata.name.endsWith('-dnsmasq'))).toEqual([]);
    expect(pods(objects).some((p) => p.spec.hostNetwork)).toBe(false);
  });

  maybe('scales: 3 conductors in two pools, 2 API replicas, an Ingress and a ServiceMonitor', () => {
    const objects = objectsOf('scaled');
    const conductors = objects.filter((o) => o.kind === 'StatefulSet');
    expect(conductors.map((s) => [s.metadata.name, s.spec.replicas])).toEqual([
      ['ferrum-conductor', 2],
      ['ferrum-conductor-rack2', 1],
    ]);
    expect(find(objects, 'Deployment', 'ferrum-api')?.spec.replicas).toBe(2);
    expect(find(objects, 'Ingress', 'ferrum-api')?.spec.rules[0].host).toBe('baremetal.example.com');
    expect(find(objects, 'ServiceMonitor', 'ferrum')?.metadata.labels).toMatchObject({ release: 'prometheus' });
    expect(objects.filter((o) => o.kind === 'PodDisruptionBudget').map((o) => o.metadata.name).sort()).toEqual(['ferrum-api', 'ferrum-conductor', 'ferrum-conductor-rack2']);
    const groups = ferrumContainers(objects)
      .filter((c) => c.role === 'conductor')
      .map((c) => [c.owner.metadata.name, environment(objects, c.owner, c.container).FERRUM_CONDUCTOR_GROUP, environment(objects, c.owner, c.container).FERRUM_WORKERS_POOL_SIZE]);
    expect(groups).toEqual([
      ['ferrum-conductor', 'rack1', undefined],
      ['ferrum-conductor-rack2', 'rack2', '50'],
    ]);
    const api = ferrumContainers(objects).find((c) => c.role === 'api')!;
    expect(environment(objects, api.owner, api.container).FERRUM_PUBLIC_URL).toBe('https://baremetal.example.com');
  });

  maybe('takes the database and NATS URLs from the operator\'s Secrets and stores none itself', () => {
    const objects = objectsOf('external-secret');
    for (const c of ferrumContainers(objects)) {
      const refs = Object.fromEntries((c.container.env as any[]).filter((e) => e.valueFrom?.secretKeyRef).map((e) => [e.name, e.valueFrom.secretKeyRef]));
      expect(refs.DATABASE_URL).toEqual({ name: 'ferrum-database', key: 'url' });
      if (c.role !== 'migrate') expect(refs.NATS_URL).toEqual({ name: 'ferrum-nats', key: 'NATS_URL' });
    }
    // Besides secretEnv, only the generated admin (http_basic is the default): no URL.
    const secrets = objects.filter((o) => o.kind === 'Secret').map((o) => [o.metadata.name, Object.keys(o.stringData ?? o.data)]);
    expect(secrets.sort()).toEqual([
      ['ferrum-env', ['FERRUM_DEFAULT_POWER_INTERFACE']],
      ['ferrum-htpasswd', ['htpasswd', 'username', 'password']],
    ]);
  });

  maybe('builds the URLs of the bundled PostgreSQL and NATS, and migrates after install when the database comes with it', () => {
    const result = render(binary!, [], ['postgresql.enabled=true', 'postgresql.auth.password=p@ss word', 'nats.enabled=true'], chartWithStubDependencies());
    expect(result.stderr).toBe('');
    const secret = find(result.objects, 'Secret', 'ferrum')!;
    expect(secret.stringData).toEqual({ DATABASE_URL: 'postgres://ferrum:p%40ss%20word@ferrum-postgresql:5432/ferrum', NATS_URL: 'nats://ferrum-nats:4222' });
    expect(decodeURIComponent(new URL(secret.stringData.DATABASE_URL).password)).toBe('p@ss word');
    expect(() => loadConfig(allOptions, secret.stringData)).not.toThrow();
    expect(find(result.objects, 'Job', 'ferrum-migrate')!.metadata.annotations).toMatchObject({ 'helm.sh/hook': 'post-install,pre-upgrade' });
  });

  describe('authentication', () => {
    const listeners = (objects: K8sObject[]) => ferrumContainers(objects).filter((c) => LISTENERS.includes(c.role));

    maybe('with a database: the split topology, and http_basic on the API and the inspector only', () => {
      const objects = objectsOf('default');
      expect(objects.filter((o) => ['Deployment', 'StatefulSet', 'Job'].includes(o.kind)).map((o) => [o.kind, o.metadata.name]).sort()).toEqual([
        ['Deployment', 'ferrum-api'],
        ['Deployment', 'ferrum-inspector'],
        ['Job', 'ferrum-migrate'],
        ['StatefulSet', 'ferrum-conductor'],
      ]);
      expect(listeners(objects).map((c) => c.role).sort()).toEqual(['api', 'inspector']);
      for (const c of listeners(objects)) {
        const env = environment(objects, c.owner, c.container);
        expect({ role: c.role, strategy: env.FERRUM_AUTH_STRATEGY }).toEqual({ role: c.role, strategy: 'http_basic' });
        expect(fileSource(c, env.FERRUM_HTTP_BASIC_AUTH_USER_FILE)).toMatchObject({ kind: 'Secret', name: 'ferrum-htpasswd', key: 'htpasswd', readOnly: true });
      }
    });

    maybe('noauth: FERRUM_ALLOW_INSECURE_NOAUTH only when auth.allowInsecureNoauth is true, else Ferrum refuses to start', () => {
      const topologies: [string, string[], string[]][] = [
        ['all-in-one', [ci('noauth')], []],
        ['split', [ci('default')], ['auth.strategy=noauth']],
      ];
      for (const [topology, files, sets] of topologies) {
        const refused = renderOk(files, [...sets, 'auth.allowInsecureNoauth=false']);
        const allowed = renderOk(files, [...sets, 'auth.allowInsecureNoauth=true']);
        for (const objects of [refused, allowed]) {
          expect(objects.filter((o) => o.metadata.name.includes('htpasswd'))).toEqual([]);
          expect(listeners(objects).length).toBeGreaterThan(0);
        }
        for (const c of listeners(refused)) {
          const env = environment(refused, c.owner, c.container);
          expect({ topology, role: c.role, strategy: env.FERRUM_AUTH_STRATEGY, allow: env.FERRUM_ALLOW_INSECURE_NOAUTH }).toEqual({ topology, role: c.role, strategy: 'noauth', allow: undefined });
          expect(startupProblems(refused, c).join('\n')).toMatch(/FERRUM_AUTH_STRATEGY=noauth with FERRUM_(API|INSPECTOR)_HOST=.*set FERRUM_ALLOW_INSECURE_NOAUTH=true/);
        }
        for (const c of listeners(allowed)) {
          const env = environment(allowed, c.owner, c.container);
          expect({ topology, role: c.role, strategy: env.FERRUM_AUTH_STRATEGY, allow: env.FERRUM_ALLOW_INSECURE_NOAUTH }).toEqual({ topology, role: c.role, strategy: 'noauth', allow: 'true' });
          expect(startupProblems(allowed, c)).toEqual([]);
        }
      }
      expect(renderNotes(binary!, [ci('noauth')], ['auth.allowInsecureNoauth=false'])).toMatch(/WARNING: auth\.strategy=noauth without auth\.allowInsecureNoauth=true: Ferrum refuses to start/);
      expect(renderNotes(binary!, [ci('noauth')])).not.toContain('WARNING');
    });

    maybe('the noauth all-in-one without the inspector: its own storage class and size, no inspector port or Service', () => {
      const objects = objectsOf('noauth');
      const sts = find(objects, 'StatefulSet', 'ferrum')!;
      expect(sts.spec.volumeClaimTemplates[0].spec).toMatchObject({ storageClassName: 'fast-ssd', resources: { requests: { storage: '10Gi' } } });
      expect(find(objects, 'Service', 'ferrum-inspector')).toBeUndefined();
      const [c] = ferrumContainers(objects);
      expect((c.container.ports as any[]).map((p) => p.name)).toEqual(['http']);
      expect(environment(objects, c.owner, c.container).FERRUM_INSPECTOR_HOST).toBeUndefined();
      // "-" asks for no class at all, which is not the same as the default class.
      expect(find(renderOk([], ['allInOne.persistence.storageClassName=-']), 'StatefulSet', 'ferrum')!.spec.volumeClaimTemplates[0].spec.storageClassName).toBe('');
    });

    maybe('keystone: the service user from values, its password from a secretKeyRef, policy overrides from a Secret', () => {
      const objects = objectsOf('keystone');
      expect(objects.filter((o) => o.kind === 'Secret' && o.metadata.name.includes('htpasswd'))).toEqual([]);
      expect(listeners(objects).map((c) => c.role).sort()).toEqual(['api', 'inspector']);
      for (const c of listeners(objects)) {
        const env = environment(objects, c.owner, c.container);
        expect(env).toMatchObject({
          FERRUM_AUTH_STRATEGY: 'keystone',
          FERRUM_KEYSTONE_AUTH_URL: 'https://keystone.example.com:5000/v3',
          FERRUM_KEYSTONE_USERNAME: 'ironic',
          FERRUM_KEYSTONE_PROJECT_NAME: 'services',
          FERRUM_KEYSTONE_USER_DOMAIN_NAME: 'Corp',
          FERRUM_KEYSTONE_PROJECT_DOMAIN_NAME: 'Corp',
        });
        const password = (c.container.env as any[]).find((e) => e.name === 'FERRUM_KEYSTONE_PASSWORD');
        expect(password).toEqual({ name: 'FERRUM_KEYSTONE_PASSWORD', valueFrom: { secretKeyRef: { name: 'ferrum-keystone', key: 'service-password' } } });
        expect(env.FERRUM_HTTP_BASIC_AUTH_USER_FILE).toBeUndefined();
        expect(fileSource(c, env.FERRUM_POLICY_FILE)).toMatchObject({ kind: 'Secret', name: 'ferrum-policy', key: 'policy.yaml', readOnly: true });
        expect(startupProblems(objects, c)).toEqual([]);
      }
    });

    maybe('http_basic with the operator\'s users, roles and policy files', () => {
      const objects = objectsOf('cert-manager');
      expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
      const [c] = ferrumContainers(objects);
      const env = environment(objects, c.owner, c.container);
      expect(fileSource(c, env.FERRUM_HTTP_BASIC_AUTH_USER_FILE)).toMatchObject({ kind: 'Secret', name: 'ferrum-users', key: 'htpasswd', readOnly: true });
      expect(fileSource(c, env.FERRUM_HTTP_BASIC_ROLES_FILE)).toMatchObject({ kind: 'Secret', name: 'ferrum-roles', key: 'roles.yaml', readOnly: true });
      expect(fileSource(c, env.FERRUM_POLICY_FILE)).toMatchObject({ kind: 'ConfigMap', name: 'ferrum-policy', key: 'policy.yaml', readOnly: true });
      expect(renderNotes(binary!, [ci('cert-manager')])).toContain('Users come from the htpasswd file in Secret ferrum-users');
    });
  });

  describe('TLS', () => {
    const probesOf = (container: any) => ['startupProbe', 'livenessProbe', 'readinessProbe'].map((p) => container[p]);

    maybe('from an existing Secret: mounted as a volume (no subPath), FERRUM_TLS_* point into it, probes over HTTPS', () => {
      const objects = objectsOf('tls');
      const containers = ferrumContainers(objects);
      for (const c of containers.filter((x) => LISTENERS.includes(x.role))) {
        const env = environment(objects, c.owner, c.container);
        expect(fileSource(c, env.FERRUM_TLS_CERT_FILE)).toEqual({ kind: 'Secret', name: 'baremetal-tls', key: 'tls.crt', readOnly: true, subPath: undefined });
        expect(fileSource(c, env.FERRUM_TLS_KEY_FILE)).toEqual({ kind: 'Secret', name: 'baremetal-tls', key: 'tls.key', readOnly: true, subPath: undefined });
        expect(env.FERRUM_TLS_CLIENT_CA_FILE).toBeUndefined();
        for (const probe of probesOf(c.container)) expect({ role: c.role, scheme: probe.httpGet?.scheme }).toEqual({ role: c.role, scheme: 'HTTPS' });
        expect(startupProblems(objects, c)).toEqual([]);
      }
      // Conductors and the migration take no calls: no certificate, and their health port stays plain HTTP.
      for (const c of containers.filter((x) => !LISTENERS.includes(x.role))) {
        expect(Object.keys(environment(objects, c.owner, c.container)).filter((name) => LISTENER_ENV.test(name))).toEqual([]);
        expect(mountedFiles(c)).toEqual([]);
        for (const probe of c.role === 'migrate' ? [] : probesOf(c.container)) expect(probe.httpGet.scheme).toBeUndefined();
      }
      // The inspector's iPXE script is now served over HTTPS, and Prometheus scrapes the API over HTTPS.
      expect(find(objects, 'ConfigMap', 'ferrum-dnsmasq')!.data['ferrum.conf']).toContain('dhcp-boot=tag:ipxe,https://172.22.0.1:5050/boot.ipxe\n');
      const endpoint = (find(objects, 'ServiceMonitor', 'ferrum')!.spec.endpoints as any[]).find((e) => e.port === 'http');
      expect(endpoint).toMatchObject({ scheme: 'https', tlsConfig: { ca: { secret: { name: 'baremetal-tls', key: 'ca.crt' } }, serverName: 'ferrum-api' } });
      // Without TLS nothing of it.
      const plain = objectsOf('default');
      for (const c of ferrumContainers(plain)) expect(Object.keys(environment(plain, c.owner, c.container)).filter((n) => n.startsWith('FERRUM_TLS_'))).toEqual([]);
      expect(find(plain, 'ConfigMap', 'ferrum-dnsmasq')!.data['ferrum.conf']).toContain('dhcp-boot=tag:ipxe,http://172.22.0.1:5050/boot.ipxe\n');
    });

    maybe('mutual TLS: the clients\' CA mounted beside the certificate, and probes that only connect (the kubelet has no client certificate)', () => {
      for (const files of [[ci('tls')], [ci('cert-manager')]]) {
        const objects = renderOk(files, ['tls.clientCaSecret=baremetal-clients']);
        const containers = ferrumContainers(objects).filter((x) => LISTENERS.includes(x.role));
        expect(containers.length).toBeGreaterThan(0);
        for (const c of containers) {
          const env = environment(objects, c.owner, c.container);
          expect(fileSource(c, env.FERRUM_TLS_CLIENT_CA_FILE)).toEqual({ kind: 'Secret', name: 'baremetal-clients', key: 'ca.crt', readOnly: true, subPath: undefined });
          expect(dirname(env.FERRUM_TLS_CLIENT_CA_FILE)).toBe(dirname(env.FERRUM_TLS_CERT_FILE));
          const port = (c.container.ports as any[]).find((p) => p.name === 'http').name;
          for (const probe of probesOf(c.container)) {
            expect(probe.httpGet).toBeUndefined();
            expect(probe.tcpSocket.port).toBe(port);
            if (c.role === 'inspector') expect(probe.tcpSocket.host).toBe(env.FERRUM_INSPECTOR_HOST);
          }
          expect(startupProblems(objects, c)).toEqual([]);
        }
      }
    });

    maybe('cert-manager: a Certificate writes the Secret the pod mounts, naming every Service clients use', () => {
      const objects = objectsOf('cert-manager');
      const certificate = find(objects, 'Certificate', 'ferrum')!;
      expect(certificate.apiVersion).toBe('cert-manager.io/v1');
      expect(certificate.spec.issuerRef).toEqual({ group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'baremetal-ca' });
      const [c] = ferrumContainers(objects);
      const env = environment(objects, c.owner, c.container);
      expect(fileSource(c, env.FERRUM_TLS_CERT_FILE)).toMatchObject({ kind: 'Secret', name: certificate.spec.secretName, key: 'tls.crt' });
      expect(fileSource(c, env.FERRUM_TLS_KEY_FILE)).toMatchObject({ kind: 'Secret', name: certificate.spec.secretName, key: 'tls.key' });
      const clientFacing = objects.filter((o) => o.kind === 'Service' && o.spec.clusterIP !== 'None').map((o) => `${o.metadata.name}.baremetal.svc`);
      expect(clientFacing.sort()).toEqual(['ferrum-api.baremetal.svc', 'ferrum-inspector.baremetal.svc']);
      expect(certificate.spec.dnsNames).toEqual(expect.arrayContaining([...clientFacing, 'baremetal.example.com']));
      for (const probe of probesOf(c.container)) expect(probe.httpGet.scheme).toBe('HTTPS');
      // The split topology's inspector is called by its provisioning address; given names win over defaults.
      const split = renderOk([ci('tls')], ['tls.existingSecret=', 'tls.certManager.enabled=true', 'tls.certManager.issuerRef.name=ca']);
      expect(find(split, 'Certificate', 'ferrum')!.spec).toMatchObject({ secretName: 'ferrum-tls', ipAddresses: ['172.22.0.1'], issuerRef: { kind: 'Issuer', name: 'ca' } });
      const named = renderOk([ci('cert-manager')], ['tls.certManager.dnsNames={baremetal.example.org}', 'tls.existingSecret=mine']);
      expect(find(named, 'Certificate', 'ferrum')!.spec).toMatchObject({ secretName: 'mine', dnsNames: ['baremetal.example.org'] });
      expect(objectsOf('tls').filter((o) => o.kind === 'Certificate')).toEqual([]);
    });
  });

  describe('NetworkPolicies of the bundled PostgreSQL and NATS', () => {
    const POSTGRESQL = { 'app.kubernetes.io/name': 'postgresql', 'app.kubernetes.io/instance': 'ferrum', 'app.kubernetes.io/component': 'primary' };
    const NATS = { 'app.kubernetes.io/name': 'nats', 'app.kubernetes.io/instance': 'ferrum', 'app.kubernetes.io/component': 'nats' };

    maybe('admit Ferrum\'s pods and their own, and no one else', () => {
      const nodes = valuesFile('inspector-nodes', 'networkPolicy:\n  inspectorNodes:\n    - ipBlock: {cidr: 10.0.0.12/32}\n');
      const objects = renderOk([nodes], ['postgresql.enabled=true', 'postgresql.auth.password=pw', 'nats.enabled=true'], chartWithStubDependencies());
      const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
      const ferrum = pods(objects).map((p) => p.labels);
      expect(ferrum.map((l) => l['app.kubernetes.io/component']).sort()).toEqual(['api', 'conductor', 'inspector', 'migrate']);
      for (const labels of ferrum) {
        expect({ from: labels['app.kubernetes.io/component'], postgresql: admits(policies, POSTGRESQL, labels, 5432) }).toEqual({ from: labels['app.kubernetes.io/component'], postgresql: true });
        expect({ from: labels['app.kubernetes.io/component'], nats: admits(policies, NATS, labels, 4222) }).toEqual({ from: labels['app.kubernetes.io/component'], nats: true });
        expect(admits(policies, POSTGRESQL, labels, 22)).toBe(false);
      }
      const strangers: Record<string, string>[] = [{ app: 'other' }, { 'app.kubernetes.io/name': 'ferrum', 'app.kubernetes.io/instance': 'another-release' }, {}];
      for (const stranger of strangers) {
        expect({ stranger, postgresql: admits(policies, POSTGRESQL, stranger, 5432), nats: admits(policies, NATS, stranger, 4222) }).toEqual({ stranger, postgresql: false, nats: false });
      }
      // Their own pods: a read replica, the NATS cluster routes and nats-box.
      expect(admits(policies, POSTGRESQL, { ...POSTGRESQL, 'app.kubernetes.io/component': 'read' }, 5432)).toBe(true);
      expect(admits(policies, NATS, { ...NATS, 'app.kubernetes.io/component': 'nats-box' }, 6222)).toBe(true);
      // The host-network inspector connects from its node's address.
      for (const name of ['ferrum-postgresql-clients', 'ferrum-nats-clients']) {
        expect(find(objects, 'NetworkPolicy', name)!.spec.ingress[0].from).toContainEqual({ ipBlock: { cidr: '10.0.0.12/32' } });
      }
      // Those charts' own policies must not admit everyone beside ours.
      const defaults = parse(readFileSync(join(CHART, 'values.yaml'), 'utf8'));
      expect([defaults.postgresql.networkPolicy.allowExternal, defaults.nats.networkPolicy.allowExternal]).toEqual([false, false]);
    });

    maybe('are rendered only for what the chart installs', () => {
      const names = (objects: K8sObject[]) => objects.filter((o) => o.kind === 'NetworkPolicy').map((o) => o.metadata.name).sort();
      expect(names(renderOk([], ['postgresql.enabled=true', 'postgresql.auth.password=pw', 'externalNats.url=nats://n:4222'], chartWithStubDependencies()))).toEqual([
        'ferrum-api',
        'ferrum-conductor',
        'ferrum-migrate',
        'ferrum-postgresql-clients',
      ]);
      expect(names(objectsOf('default'))).toEqual(['ferrum-api', 'ferrum-conductor', 'ferrum-migrate']);
      expect(names(renderOk([], ['postgresql.enabled=true', 'postgresql.auth.password=pw', 'nats.enabled=true', 'networkPolicy.enabled=false'], chartWithStubDependencies()))).toEqual([]);
    });
  });

  describe('missing or contradictory values fail the render with a message naming the values to set', () => {
    const fails = (sets: string[], message: RegExp, files: string[] = []) => {
      const result = render(binary!, files, sets, chartWithStubDependencies());
      expect(result.ok).toBe(false);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(message);
    };
    maybe('NATS without a database', () => fails(['externalNats.url=nats://n:4222'], /Ferrum needs PostgreSQL: set externalDatabase\.url .*externalDatabase\.existingSecret, or postgresql\.enabled=true/));
    maybe('the bundled NATS without a database', () => fails(['nats.enabled=true'], /Ferrum needs PostgreSQL/));
    maybe('no NATS', () => fails(['externalDatabase.url=postgres://u@db:5432/f'], /Ferrum needs NATS: set externalNats\.url .*externalNats\.existingSecret, or nats\.enabled=true/));
    maybe('the bundled PostgreSQL without a password', () =>
      fails(['postgresql.enabled=true', 'externalNats.url=nats://n:4222'], /postgresql\.enabled=true needs postgresql\.auth\.password/),
    );
    maybe('a drain longer than the grace period', () =>
      fails(['conductor.drainTimeoutSeconds=120'], /conductor\.drainTimeoutSeconds \(120\) must be below conductor\.terminationGracePeriodSeconds \(90\)/, [ci('default')]),
    );
    maybe('the inspector without a provisioning address', () => fails(['inspector.provisioning.ip='], /inspector\.enabled=true needs inspector\.provisioning\.ip/, [ci('default')]));
    maybe('several processes without a database', () => {
      fails(['conductor.replicas=3'], /conductor\.replicas=3: several processes need a shared PostgreSQL and NATS/);
      fails(['api.autoscaling.enabled=true', 'api.replicas=2'], /api\.replicas=2, api\.autoscaling\.enabled=true: several processes/);
    });
    maybe('keystone without its service user', () =>
      fails(['auth.strategy=keystone', 'auth.keystone.authUrl=https://k:5000/v3', 'auth.keystone.username=ironic'], /auth\.strategy=keystone needs .*auth\.keystone\.passwordSecret\.name/),
    );
    maybe('TLS without a certificate, cert-manager without an issuer, a client CA without TLS', () => {
      fails(['tls.enabled=true'], /tls\.enabled=true needs tls\.existingSecret \(a kubernetes\.io\/tls Secret\) or tls\.certManager\.enabled=true/);
      fails(['tls.enabled=true', 'tls.certManager.enabled=true'], /tls\.certManager\.enabled=true needs tls\.certManager\.issuerRef\.name/);
      fails(['tls.clientCaSecret=ca'], /tls\.clientCaSecret and tls\.certManager\.enabled need tls\.enabled=true/);
    });
    maybe('a policy from both a ConfigMap and a Secret', () => fails(['auth.policy.existingConfigMap=a', 'auth.policy.existingSecret=b'], /auth\.policy: give existingConfigMap or existingSecret, not both/));
    maybe('authentication or TLS options in config or secretEnv, which the chart would override', () => {
      fails(['config.FERRUM_AUTH_STRATEGY=noauth'], /FERRUM_AUTH_STRATEGY is set by the chart: use the auth\.\* and tls\.\* values/);
      fails(['secretEnv.FERRUM_KEYSTONE_PASSWORD=x'], /FERRUM_KEYSTONE_PASSWORD is set by the chart/);
      fails(['config.FERRUM_TLS_CERT_FILE=/x'], /FERRUM_TLS_CERT_FILE is set by the chart/);
    });
  });

  describe('values.schema.json', () => {
    const schema = JSON.parse(readFileSync(join(CHART, 'values.schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const defaults = parse(readFileSync(join(CHART, 'values.yaml'), 'utf8'));
    const merge = (a: any, b: any): any =>
      b && typeof b === 'object' && !Array.isArray(b) && a && typeof a === 'object' && !Array.isArray(a)
        ? Object.fromEntries([...new Set([...Object.keys(a), ...Object.keys(b)])].map((k) => [k, k in b ? merge(a[k], b[k]) : a[k]]))
        : b;

    it('accepts values.yaml', () => {
      expect(validate(defaults) ? [] : validate.errors).toEqual([]);
    });

    it.each(VALUE_SETS)('accepts the %s value set, alone and over values.yaml', (set) => {
      const values = parse(readFileSync(ci(set), 'utf8'));
      expect(validate(values) ? [] : validate.errors).toEqual([]);
      expect(validate(merge(defaults, values)) ? [] : validate.errors).toEqual([]);
    });

    it('refuses a misspelt key, a bad port, an unknown config option and a pool named like the default one', () => {
      for (const bad of [
        { conductor: { replica: 3 } },
        { api: { port: 70000 } },
        { config: { LOG_LEVEL: 'debug' } },
        { conductor: { pools: [{ name: 'default', group: 'x', replicas: 1 }] } },
        { externalDatabase: { url: 'mysql://db' } },
      ]) {
        expect({ bad, valid: validate(merge(defaults, bad)) }).toEqual({ bad, valid: false });
      }
    });

    it('refuses unknown or malformed auth, TLS and all-in-one values', () => {
      for (const bad of [
        { auth: { strategy: 'basic' } },
        { auth: { htpasswd: { pasword: 'x' } } },
        { auth: { htpasswd: { username: 'a:b' } } },
        { auth: { keystone: { authUrl: 'keystone:5000' } } },
        { tls: { enable: true } },
        { tls: { certManager: { issuerRef: { kind: 'Vault' } } } },
        { allInOne: { persistence: { size: 'big' } } },
        { allInOne: { replicas: 2 } },
        { inspector: { service: { type: 'External' } } },
      ]) {
        expect({ bad, valid: validate(merge(defaults, bad)) }).toEqual({ bad, valid: false });
      }
    });
  });

  describe('wiring', () => {
    const all = () => VALUE_SETS.map((set) => [set, objectsOf(set)] as const);

    maybe('starts every Ferrum container with a role the launcher knows, through the built entry point', () => {
      expect(existsSync(join(ROOT, 'dist', 'apps', 'ferrum', 'src', 'main.js'))).toBe(true);
      for (const [set, objects] of all()) {
        const roles = ferrumContainers(objects).map((c) => c.role);
        for (const role of roles) expect({ set, role, known: commonOptions.role.schema.safeParse(role).success }).toEqual({ set, role, known: true });
        expect({ set, roles: new Set(roles) }).toEqual({ set, roles: new Set(ROLES_OF[set]) });
      }
    });

    maybe('sets only environment variables the config schema knows, with values it accepts, and the required ones', () => {
      for (const [set, objects] of all()) {
        for (const c of ferrumContainers(objects)) {
          const env = environment(objects, c.owner, c.container);
          const unknown = Object.keys(env).filter((name) => !KNOWN_ENV.has(name));
          expect({ set, container: c.owner.metadata.name, unknown }).toEqual({ set, container: c.owner.metadata.name, unknown: [] });
          // The same parse and cross-checks the launcher does at start-up, with the files the pod mounts: every value must pass.
          expect({ set, container: c.owner.metadata.name, problems: startupProblems(objects, c) }).toEqual({ set, container: c.owner.metadata.name, problems: [] });
          if (c.role === 'all') {
            expect([env.DATABASE_URL, env.NATS_URL, env.FERRUM_AUTO_MIGRATE, env.FERRUM_DB_DIR]).toEqual([undefined, undefined, 'true', '/var/lib/ferrum/db']);
          } else {
            expect(env.DATABASE_URL).toBeTruthy();
            if (c.role !== 'migrate') {
              expect(env.NATS_URL).toBeTruthy();
              expect(env.FERRUM_AUTO_MIGRATE).toBe('false');
            }
          }
          // Authentication and TLS belong to the roles that take calls.
          if (LISTENERS.includes(c.role)) expect(env.FERRUM_AUTH_STRATEGY).toBeTruthy();
          else expect({ set, role: c.role, env: Object.keys(env).filter((name) => LISTENER_ENV.test(name)), files: mountedFiles(c) }).toEqual({ set, role: c.role, env: [], files: [] });
        }
      }
    });

    maybe('runs the migrations as a hook Job before install and upgrade', () => {
      const objects = objectsOf('default');
      const job = find(objects, 'Job', 'ferrum-migrate')!;
      expect(job.metadata.annotations).toMatchObject({ 'helm.sh/hook': 'pre-install,pre-upgrade' });
      const secret = find(objects, 'Secret', 'ferrum-migrate')!;
      expect(Number(secret.metadata.annotations!['helm.sh/hook-weight'])).toBeLessThan(Number(job.metadata.annotations!['helm.sh/hook-weight']));
      expect(secret.stringData.DATABASE_URL).toBe('postgres://ferrum:s3cret@postgres.db.svc:5432/ferrum');
    });

    maybe('probes /healthz and /readyz on the port each role serves them on, and Services target those ports', () => {
      for (const [set, objects] of all()) {
        for (const c of ferrumContainers(objects).filter((x) => x.role !== 'migrate')) {
          const env = environment(objects, c.owner, c.container);
          const ports = Object.fromEntries((c.container.ports as any[]).map((p) => [p.name, p.containerPort]));
          // The all-in-one also serves the inspector on its own port when the inspector listens beyond loopback.
          const served = [Number(env[PORT_ENV[c.role]]), ...(c.role === 'all' && env.FERRUM_INSPECTOR_HOST ? [Number(env.FERRUM_INSPECTOR_PORT)] : [])];
          expect({ set, role: c.role, port: Object.values(ports) }).toEqual({ set, role: c.role, port: served });
          for (const [probe, path] of [['livenessProbe', '/healthz'], ['startupProbe', '/healthz'], ['readinessProbe', '/readyz']] as const) {
            // With mutual TLS the kubelet cannot finish a handshake: it only connects (the TLS specs check that case).
            const action = c.container[probe].httpGet ?? c.container[probe].tcpSocket;
            if (c.container[probe].httpGet) {
              expect(HEALTH_PATHS).toContain(action.path);
              expect({ set, role: c.role, probe, path: action.path }).toEqual({ set, role: c.role, probe, path });
              expect({ set, role: c.role, probe, scheme: action.scheme }).toEqual({ set, role: c.role, probe, scheme: env.FERRUM_TLS_CERT_FILE ? 'HTTPS' : undefined });
            } else expect(env.FERRUM_TLS_CLIENT_CA_FILE).toBeTruthy();
            expect({ set, role: c.role, probe, port: ports[action.port] }).toEqual({ set, role: c.role, probe, port: Number(env[PORT_ENV[c.role]]) });
            // The inspector listens on the provisioning address only: the kubelet must probe that address.
            if (c.role === 'inspector') expect(action.host).toBe(env.FERRUM_INSPECTOR_HOST);
          }
        }
        for (const service of objects.filter((o) => o.kind === 'Service')) {
          const selected = pods(objects).filter((p) => Object.entries(service.spec.selector as Record<string, string>).every(([k, v]) => p.labels[k] === v));
          expect({ service: service.metadata.name, pods: selected.length > 0 }).toEqual({ service: service.metadata.name, pods: true });
          for (const port of service.spec.ports) {
            for (const p of selected) expect((p.spec.containers as any[]).flatMap((c) => c.ports ?? []).map((x) => x.name)).toContain(port.targetPort);
          }
        }
        for (const sts of objects.filter((o) => o.kind === 'StatefulSet')) expect(find(objects, 'Service', sts.spec.serviceName)?.spec.clusterIP).toBe('None');
      }
    });

    maybe('names each conductor after its pod, and gives the drain room before Kubernetes kills it', () => {
      for (const set of ['scaled', 'all-in-one']) {
        const objects = objectsOf(set);
        const conductors = ferrumContainers(objects).filter((x) => x.role === 'conductor' || x.role === 'all');
        expect(conductors.length).toBeGreaterThan(0);
        for (const c of conductors) {
          const hostname = (c.container.env as any[]).find((e) => e.name === 'FERRUM_CONDUCTOR_HOSTNAME');
          expect(hostname.valueFrom).toEqual({ fieldRef: { fieldPath: 'metadata.name' } });
          expect(c.owner.kind).toBe('StatefulSet');
          const drain = Number(environment(objects, c.owner, c.container).FERRUM_CONDUCTOR_DRAIN_TIMEOUT_S);
          expect(c.spec.terminationGracePeriodSeconds).toBeGreaterThan(drain);
        }
      }
    });

    maybe('shares the hostsdir (PXE filter) and boot volumes between the inspector and dnsmasq, where dnsmasq looks for them', () => {
      const objects = objectsOf('default');
      const deployment = find(objects, 'Deployment', 'ferrum-inspector')!;
      const spec = deployment.spec.template.spec;
      expect(spec.hostNetwork).toBe(true);
      const mounts = (name: string) => Object.fromEntries((spec.containers as any[]).find((c) => c.name === name).volumeMounts.map((m: any) => [m.name, m.mountPath]));
      const inspector = mounts('inspector');
      const dnsmasq = mounts('dnsmasq');
      expect(inspector.hostsdir).toBeDefined();
      expect(dnsmasq.hostsdir).toBe(inspector.hostsdir);
      expect(dnsmasq.boot).toBe(inspector.boot);
      const conf: string = find(objects, 'ConfigMap', 'ferrum-dnsmasq')!.data['ferrum.conf'];
      expect(conf).toContain(`dhcp-hostsdir=${inspector.hostsdir}\n`);
      expect(conf).toContain(`tftp-root=${inspector.boot}\n`);
      expect(conf).toContain('interface=provisioning\n');
      const dnsmasqContainer = (spec.containers as any[]).find((c) => c.name === 'dnsmasq');
      expect(dnsmasqContainer.args).toEqual([`--conf-file=${dnsmasq['dnsmasq-config']}/ferrum.conf`]);
      expect(dnsmasqContainer.securityContext.capabilities).toEqual({ drop: ['ALL'], add: ['NET_ADMIN', 'NET_RAW', 'NET_BIND_SERVICE'] });
      // dnsmasq gets none of the auth or TLS files.
      expect(Object.keys(dnsmasq)).not.toContain('auth');
    });

    maybe('runs every container with a read-only root filesystem, and none but dnsmasq as root', () => {
      for (const [set, objects] of all()) {
        for (const p of pods(objects)) {
          for (const c of p.spec.containers as any[]) {
            expect({ set, container: c.name, readOnly: c.securityContext.readOnlyRootFilesystem }).toEqual({ set, container: c.name, readOnly: true });
            const nonRoot = c.securityContext.runAsNonRoot ?? p.spec.securityContext.runAsNonRoot;
            expect({ set, container: c.name, nonRoot }).toEqual({ set, container: c.name, nonRoot: c.name !== 'dnsmasq' });
          }
        }
      }
    });

    maybe('opens only the API port to the outside in its NetworkPolicies', () => {
      const objects = objectsOf('default');
      const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
      expect(policies.map((p) => [p.metadata.name, p.spec.ingress])).toEqual([
        ['ferrum-api', [{ ports: [{ port: 'http', protocol: 'TCP' }] }]],
        ['ferrum-conductor', []],
        ['ferrum-migrate', []],
      ]);
    });
  });

  maybe('passes helm lint too, where helm is installed', () => {
    const lint = helmLint([ci('default')]);
    if (!lint.ran) return;
    expect({ ok: lint.ok, output: lint.output }).toEqual({ ok: true, output: expect.any(String) });
  });

  it('lists every value of values.yaml in the chart README', () => {
    const readme = readFileSync(join(CHART, 'README.md'), 'utf8');
    const leaves: string[] = [];
    const walk = (o: Record<string, unknown>, prefix: string) => {
      for (const [k, v] of Object.entries(o)) {
        const path = prefix ? `${prefix}.${k}` : k;
        const opaque = ['resources', 'config', 'secretEnv', 'podSecurityContext', 'securityContext'].includes(k);
        if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length && !opaque) walk(v as Record<string, unknown>, path);
        else leaves.push(path);
      }
    };
    walk(parse(readFileSync(join(CHART, 'values.yaml'), 'utf8')), '');
    expect(leaves.filter((path) => !readme.includes(`| \`${path}\` |`))).toEqual([]);
  });
});
