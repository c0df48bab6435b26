import { createHash } from 'node:crypto';
import { INSTANCE_IMAGE, LabFiles, instanceImage } from './lab-files';

describe('the lab file server', () => {
  const files = new LabFiles();
  let url = '';
  beforeAll(async () => {
    url = await files.listen('127.0.0.1', 0);
  });
  afterAll(() => files.close());

  it('serves the agent ISO as the kernel command line it was given', async () => {
    files.setAgentCmdline('ipa-api-url=http://127.0.0.1:6385 ipa-listen-port=0');
    const r = await fetch(`${url}/agent.iso`);
    expect(r.status).toBe(200);
    expect(await r.text()).toBe('ipa-api-url=http://127.0.0.1:6385 ipa-listen-port=0');
  });

  it('serves an instance image that is the same at every start, with a sha256sum-style checksum file that matches it', async () => {
    const image = Buffer.from(await (await fetch(`${url}/images/${INSTANCE_IMAGE}`)).arrayBuffer());
    expect(image.length).toBe(8 * 1024 * 1024);
    expect(image.subarray(510, 512)).toEqual(Buffer.from([0x55, 0xaa]));
    expect(image.equals(instanceImage())).toBe(true);
    const sum = await (await fetch(`${url}/images/${INSTANCE_IMAGE}.sha256`)).text();
    expect(sum).toBe(`${createHash('sha256').update(image).digest('hex')}  ${INSTANCE_IMAGE}\n`);
  });

  it('answers 404 for anything else and 405 for writes', async () => {
    expect((await fetch(`${url}/etc/passwd`)).status).toBe(404);
    expect((await fetch(`${url}/agent.iso`, { method: 'PUT', body: 'x' })).status).toBe(405);
  });
});
