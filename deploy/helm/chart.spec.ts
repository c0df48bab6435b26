import Ajv from 'ajv';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { allOptions, commonOptions, loadConfig } from '@ferrum/config';
import { HEALTH_PATHS } from '@ferrum/observability';
import { inCI } from '@ferrum/testing';
import { CHART, K8sObject, ROOT, buildChartRender, chartWithStubDependencies, helmLint, render, validateManifests } from './chart-render';

const ci = (name: string) => join(CHART, 'ci', `${name}-values.yaml`);
const VALUE_SETS = ['default', 'external-secret', 'scaled', 'no-inspector', 'dependencies-off'];
const KNOWN_ENV = new Set(Object.values(allOptions).map((o) => o.env));
const PORT_ENV: Record<string, string> = { api: 'FERRUM_API_PORT', conductor: 'FERRUM_CONDUCTOR_HEALTH_PORT', inspector: 'FERRUM_INSPECTOR_PORT' };

let binary: string | undefined;

beforeAll(() => {
  const built = buildChartRender();
  if (built.binary) {
    binary = built.binary;
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
const find = (objects: K8sObject[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);

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
      env[e.name] = secret ? secret.stringData[key] : e.name === 'DATABASE_URL' ? 'postgres://u:p@db:5432/ferrum' : 'nats://nats:4222';
    } else throw new Error(`${container.name}: cannot read env ${JSON.stringify(e)}`);
  }
  return env;
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
    });
  }

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
    expect(objects.filter((o) => o.kind === 'Secret').map((o) => [o.metadata.name, Object.keys(o.stringData)])).toEqual([['ferrum-env', ['FERRUM_DEFAULT_POWER_INTERFACE']]]);
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

  describe('missing or contradictory values fail the render with a message naming the values to set', () => {
    const fails = (sets: string[], message: RegExp, files: string[] = []) => {
      const result = render(binary!, files, sets, chartWithStubDependencies());
      expect(result.ok).toBe(false);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(message);
    };
    maybe('no database', () => fails(['externalNats.url=nats://n:4222'], /Ferrum needs PostgreSQL: set externalDatabase\.url .*externalDatabase\.existingSecret, or postgresql\.enabled=true/));
    maybe('no NATS', () => fails(['externalDatabase.url=postgres://u@db:5432/f'], /Ferrum needs NATS: set externalNats\.url .*externalNats\.existingSecret, or nats\.enabled=true/));
    maybe('the bundled PostgreSQL without a password', () =>
      fails(['postgresql.enabled=true', 'externalNats.url=nats://n:4222'], /postgresql\.enabled=true needs postgresql\.auth\.password/),
    );
    maybe('a drain longer than the grace period', () =>
      fails(['conductor.drainTimeoutSeconds=120'], /conductor\.drainTimeoutSeconds \(120\) must be below conductor\.terminationGracePeriodSeconds \(90\)/, [ci('default')]),
    );
    maybe('the inspector without a provisioning address', () => fails(['inspector.provisioning.ip='], /inspector\.enabled=true needs inspector\.provisioning\.ip/, [ci('default')]));
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
  });

  describe('wiring', () => {
    const all = () => VALUE_SETS.map((set) => [set, objectsOf(set)] as const);

    maybe('starts every Ferrum container with a role the launcher knows, through the built entry point', () => {
      expect(existsSync(join(ROOT, 'dist', 'apps', 'ferrum', 'src', 'main.js'))).toBe(true);
      for (const [set, objects] of all()) {
        const roles = ferrumContainers(objects).map((c) => c.role);
        for (const role of roles) expect({ set, role, known: commonOptions.role.schema.safeParse(role).success }).toEqual({ set, role, known: true });
        expect(new Set(roles)).toEqual(new Set(['migrate', 'api', 'conductor', ...(set === 'no-inspector' ? [] : ['inspector'])]));
      }
    });

    maybe('sets only environment variables the config schema knows, with values it accepts, and the required ones', () => {
      for (const [set, objects] of all()) {
        for (const c of ferrumContainers(objects)) {
          const env = environment(objects, c.owner, c.container);
          const unknown = Object.keys(env).filter((name) => !KNOWN_ENV.has(name));
          expect({ set, container: c.owner.metadata.name, unknown }).toEqual({ set, container: c.owner.metadata.name, unknown: [] });
          // The same parse the launcher does at start-up: every value must pass.
          expect(() => loadConfig(allOptions, { ...env, FERRUM_ROLE: c.role })).not.toThrow();
          expect(env.DATABASE_URL).toBeTruthy();
          if (c.role !== 'migrate') {
            expect(env.NATS_URL).toBeTruthy();
            expect(env.FERRUM_AUTO_MIGRATE).toBe('false');
          }
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
          expect({ set, role: c.role, port: Object.values(ports) }).toEqual({ set, role: c.role, port: [Number(env[PORT_ENV[c.role]])] });
          for (const [probe, path] of [['livenessProbe', '/healthz'], ['startupProbe', '/healthz'], ['readinessProbe', '/readyz']] as const) {
            const get = c.container[probe].httpGet;
            expect(HEALTH_PATHS).toContain(get.path);
            expect({ set, role: c.role, probe, path: get.path, port: ports[get.port] }).toEqual({ set, role: c.role, probe, path, port: Number(env[PORT_ENV[c.role]]) });
            // The inspector listens on the provisioning address only: the kubelet must probe that address.
            if (c.role === 'inspector') expect(get.host).toBe(env.FERRUM_INSPECTOR_HOST);
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
      for (const c of ferrumContainers(objectsOf('scaled')).filter((x) => x.role === 'conductor')) {
        const hostname = (c.container.env as any[]).find((e) => e.name === 'FERRUM_CONDUCTOR_HOSTNAME');
        expect(hostname.valueFrom).toEqual({ fieldRef: { fieldPath: 'metadata.name' } });
        const drain = Number(environment(objectsOf('scaled'), c.owner, c.container).FERRUM_CONDUCTOR_DRAIN_TIMEOUT_S);
        expect(c.spec.terminationGracePeriodSeconds).toBeGreaterThan(drain);
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
