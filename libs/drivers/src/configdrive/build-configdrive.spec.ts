import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { InvalidParameterValue } from '@ferrum/errors';
import { buildConfigDrive, configDriveImage, pythonJsonDumps, type ConfigDriveContents, type ConfigDriveNode } from './build-configdrive';

// The reference is the real thing: Ironic 21.4's build_configdrive and openstacksdk's configdrive.build (which
// runs genisoimage), through Debian's /usr/bin/python3. Both images are read back with isoinfo and compared.
const dir = mkdtempSync(join(tmpdir(), 'ferrum-configdrive-spec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (command: string, args: string[]) => execFileSync(command, args, { maxBuffer: 64 << 20 });
const python = (script: string, input: unknown): string => run('/usr/bin/python3', ['-c', script, JSON.stringify(input)]).toString().trim();

let imageCount = 0;
/** base64 → gunzip → an ISO file on disk, for the readers. */
function unpack(configdrive: string): string {
  const file = join(dir, `drive-${++imageCount}.iso`);
  writeFileSync(file, gunzipSync(Buffer.from(configdrive, 'base64')));
  return file;
}

/** Every file of the Joliet tree, as isoinfo lists and extracts it (a path that prefixes another is a directory). */
function jolietFiles(file: string): Map<string, Buffer> {
  const paths = run('isoinfo', ['-J', '-f', '-i', file]).toString('latin1').split('\n').filter(Boolean);
  const files = paths.filter((path) => !paths.some((other) => other.startsWith(`${path}/`)));
  return new Map(files.map((path) => [path, run('isoinfo', ['-J', '-x', path, '-i', file])]));
}

const asText = (files: Map<string, Buffer>) => Object.fromEntries([...files].map(([path, data]) => [path, data.toString('utf8')]));

interface Case {
  node: ConfigDriveNode;
  drive: ConfigDriveContents;
}

const IRONIC_BUILD = `
import json, sys, types
from ironic.conductor import utils
print(json.dumps([utils.build_configdrive(types.SimpleNamespace(**case['node']), case['drive']) for case in json.loads(sys.argv[1])]))
`;

/** Non-ASCII (BMP and astral), escapes, a lone surrogate, floats Python writes its own way, nesting, key order. */
const tricky = {
  zeta: 'café ☕ 😀 "quoted" back\\slash\nnew line\ttab \u0001 \u007f \ud800',
  alpha: { nested: { deeper: [1, 2.5, -3, 0.0001, 1e-7, 123456.789, true, false, null, []] }, empty: {} },
  count: 9007199254740991,
};

const cases: Case[] = [
  {
    node: { uuid: '1be26c0b-03f2-4d2e-ae87-c02d7f33c123', name: 'node-1' },
    drive: {
      meta_data: { hostname: 'host-é', public_keys: { default: 'ssh-ed25519 AAAA… me@host' }, tricky },
      user_data: { runcmd: [['echo', 'héllo ☕']], write_files: [{ path: '/etc/motd', content: 'Ωmega\n' }] },
      network_data: { links: [{ id: 'eth0', type: 'phy', ethernet_mac_address: '52:54:00:12:34:56', mtu: 1500 }], networks: [], services: [] },
      vendor_data: { vendor: { key: 'vålue', list: [{ a: 1 }, { b: [2, 3] }] } },
    },
  },
  // A text user_data larger than a sector; meta_data defaults to the node's uuid; no name to default to.
  {
    node: { uuid: '2be26c0b-03f2-4d2e-ae87-c02d7f33c123', name: null },
    drive: { user_data: `#!/bin/sh\n# ünïcode\n${'echo configured\n'.repeat(300)}` },
  },
  // Empty values leave no file, but an empty JSON user_data is written as "[]"; a given uuid wins.
  {
    node: { uuid: '3be26c0b-03f2-4d2e-ae87-c02d7f33c123', name: 'node-3' },
    drive: { meta_data: { uuid: 'given', name: null, extra: 1 }, user_data: [], network_data: {}, vendor_data: {} },
  },
  { node: { uuid: '4be26c0b-03f2-4d2e-ae87-c02d7f33c123', name: 'node-4' }, drive: { user_data: '' } },
  { node: { uuid: '5be26c0b-03f2-4d2e-ae87-c02d7f33c123' }, drive: {} },
];

describe('buildConfigDrive against Ironic 21.4 build_configdrive', () => {
  // One Python run for all cases: importing Ironic takes seconds.
  const ironic: string[] = JSON.parse(python(IRONIC_BUILD, cases.map(({ node, drive }) => ({ node: { name: null, ...node }, drive }))));

  it.each(cases.map((c, i) => [i, c] as const))('case %i: the same files with the same bytes', (i, { node, drive }) => {
    const ours = jolietFiles(unpack(buildConfigDrive(node, drive)));
    const theirs = jolietFiles(unpack(ironic[i]));
    expect([...ours.keys()]).toEqual([...theirs.keys()]);
    for (const [path, data] of theirs) expect({ path, data: ours.get(path) }).toEqual({ path, data });
  });

  it('writes what Ironic writes, in the layout cloud-init reads', () => {
    const files = asText(jolietFiles(unpack(buildConfigDrive(cases[0].node, cases[0].drive))));
    expect(Object.keys(files)).toEqual(
      ['2012-08-10', 'latest'].flatMap((version) =>
        ['meta_data.json', 'network_data.json', 'user_data', 'vendor_data2.json'].map((name) => `/openstack/${version}/${name}`),
      ),
    );
    const meta = files['/openstack/latest/meta_data.json'];
    expect(meta).toMatch(/^\{"hostname": "host-\\u00e9", "public_keys": \{"default": "ssh-ed25519 AAAA\\u2026 me@host"\}, "tricky": /);
    expect(meta).toMatch(/"uuid": "1be26c0b-03f2-4d2e-ae87-c02d7f33c123", "name": "node-1"\}$/); // defaults go last
    expect(meta).toContain('\\ud83d\\ude00'); // an astral character as its surrogate pair, as Python escapes it
    expect(files['/openstack/latest/user_data']).toBe('{"runcmd": [["echo", "h\\u00e9llo \\u2615"]], "write_files": [{"path": "/etc/motd", "content": "\\u03a9mega\\n"}]}');
  });

  it('leaves out empty user_data, network_data and vendor_data, as Ironic does', () => {
    const files = asText(jolietFiles(unpack(buildConfigDrive(cases[3].node, cases[3].drive))));
    expect(files).toEqual({
      '/openstack/2012-08-10/meta_data.json': '{"uuid": "4be26c0b-03f2-4d2e-ae87-c02d7f33c123", "name": "node-4"}',
      '/openstack/latest/meta_data.json': '{"uuid": "4be26c0b-03f2-4d2e-ae87-c02d7f33c123", "name": "node-4"}',
    });
  });

  it('is an iso9660 filesystem labelled config-2, with Joliet, and readable through the primary tree too', () => {
    const file = unpack(buildConfigDrive(cases[1].node, cases[1].drive));
    const probe = run('blkid', ['-p', '-o', 'export', file]).toString();
    expect(probe).toContain('TYPE=iso9660\n');
    expect(probe).toContain('LABEL=config-2\n');
    const info = run('isoinfo', ['-d', '-i', file]).toString();
    expect(info).toContain('Volume id: config-2\n');
    expect(info).toContain('Publisher id: metalsmith\n');
    expect(info).toContain('Joliet with UCS level 3 found');
    const userData = run('isoinfo', ['-x', '/openstack/latest/user_data.;1', '-i', file]);
    expect(userData.length).toBeGreaterThan(2048);
    expect(userData.toString()).toBe(cases[1].drive.user_data);
    expect(run('isoinfo', ['-x', '/openstack/2012-08-10/meta_data.json;1', '-i', file]).toString()).toBe('{"uuid": "2be26c0b-03f2-4d2e-ae87-c02d7f33c123"}');
  });

  it('does not change the caller\'s configdrive (Ironic fills in meta_data in place)', () => {
    const drive = { meta_data: { a: 1 } };
    buildConfigDrive({ uuid: 'u', name: 'n' }, drive);
    expect(drive).toEqual({ meta_data: { a: 1 } });
  });
});

describe('buildConfigDrive against openstacksdk configdrive.build', () => {
  it('gives the same files as genisoimage through the SDK', () => {
    const drive = {
      meta_data: { uuid: 'abc', name: 'sdk-node', nested: { list: [1, { x: 'ÿ' }], 'ключ': 'значение' } },
      user_data: '#cloud-config\nfinal_message: "é ☕"\n',
      network_data: { services: [{ type: 'dns', address: '192.0.2.53' }] },
      vendor_data: { cloud: { name: 'Ferrum', weight: 0.5 } },
    };
    const sdk = python(
      `
import json, sys
from openstack.baremetal import configdrive
d = json.loads(sys.argv[1])
print(configdrive.build(d['meta_data'], user_data=d['user_data'].encode('utf-8'), network_data=d['network_data'], vendor_data=d['vendor_data']))
`,
      drive,
    );
    const theirs = jolietFiles(unpack(sdk));
    const ours = jolietFiles(unpack(buildConfigDrive({ uuid: 'ignored', name: 'ignored' }, drive)));
    expect(asText(ours)).toEqual(asText(theirs));
    expect(theirs.size).toBe(8);
    for (const [path, data] of theirs) expect(ours.get(path)?.equals(data)).toBe(true);
  });
});

describe('configDriveImage', () => {
  const node = { uuid: '6be26c0b-03f2-4d2e-ae87-c02d7f33c123', name: 'node-6' };

  it('passes a URL or an already built image on unchanged', () => {
    expect(configDriveImage(node, 'http://images.example/cd.iso.gz')).toBe('http://images.example/cd.iso.gz');
    expect(configDriveImage(node, 'H4sIAAAAAAAAA+3BAQ0AAADCoPdPbQ8HFAAAAAAAAAAA')).toBe('H4sIAAAAAAAAA+3BAQ0AAADCoPdPbQ8HFAAAAAAAAAAA');
  });

  it('gives undefined for no config drive', () => {
    for (const none of [undefined, null, '']) expect(configDriveImage(node, none)).toBeUndefined();
  });

  it('builds a JSON config drive, even an empty one', () => {
    const files = asText(jolietFiles(unpack(configDriveImage(node, {}) as string)));
    expect(files['/openstack/latest/meta_data.json']).toBe('{"uuid": "6be26c0b-03f2-4d2e-ae87-c02d7f33c123", "name": "node-6"}');
  });

  it('refuses what is neither a string nor an object', () => {
    expect(() => configDriveImage(node, ['a'])).toThrow(InvalidParameterValue);
    expect(() => configDriveImage(node, 42)).toThrow(InvalidParameterValue);
    expect(() => buildConfigDrive(node, { user_data: 42 })).toThrow(InvalidParameterValue);
  });
});

describe('pythonJsonDumps', () => {
  it('writes what json.dumps writes', () => {
    const values = [{ a: 1, b: [1, 2] }, tricky, [], {}, 'plain', -0.5, 1.5e-5, 1e-300, 5e-324, 0.1 + 0.2, 1234567890123.25];
    const expected: string[] = JSON.parse(python('import json, sys\nprint(json.dumps([json.dumps(v) for v in json.loads(sys.argv[1])]))', values));
    expect(values.map(pythonJsonDumps)).toEqual(expected);
    expect(pythonJsonDumps({ a: 1, b: [1, 2] })).toBe('{"a": 1, "b": [1, 2]}');
  });
});
