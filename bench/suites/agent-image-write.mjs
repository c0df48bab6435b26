// The agent's image write (standby.prepare_image of a raw image: HTTP download, sha256 on the fly, written in
// large chunks, fsync) against dd of the same image file to the same target (bs=1M conv=fsync), in the same run.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ROOT } from '../lib/services.mjs';
import { fmt, row } from '../lib/stats.mjs';

const MIB = 1024 * 1024;
const run = promisify(execFile);
const TOKEN = 'b'.repeat(43);

function makeImage(path, mib) {
  const fd = openSync(path, 'w');
  const hash = createHash('sha256');
  const chunk = randomBytes(8 * MIB);
  for (let i = 0; i < mib / 8; i++) {
    // Vary each chunk a little so nothing deduplicates.
    chunk.writeUInt32LE(i, 0);
    writeSync(fd, chunk);
    hash.update(chunk);
  }
  closeSync(fd);
  return hash.digest('hex');
}

function startAgent(target) {
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'agent.js')], {
    env: { PATH: process.env.PATH, FERRUM_AGENT_CMDLINE: `ipa-listen-host=127.0.0.1 ipa-listen-port=0 ipa-agent-token=${TOKEN} ferrum-target-device=${target}` },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (d) => {
      err += d;
      const m = /command API listening on [^:]+:(\d+)/.exec(err);
      if (m) resolve({ url: `http://127.0.0.1:${m[1]}`, stop: () => new Promise((r) => (child.once('exit', r), child.kill('SIGTERM'))) });
    });
    child.once('exit', (code) => reject(new Error(`agent exited ${code}: ${err}`)));
  });
}

export async function agentImageWrite({ mib = Number(process.env.BENCH_IMAGE_MIB ?? 512), rounds = 3 } = {}) {
  console.log(`\n# agent image write: ${mib} MiB raw image, HTTP → agent (sha256, fsync) vs dd bs=1M conv=fsync, same target file, ${rounds} rounds`);
  const dir = mkdtempSync(join(tmpdir(), 'ferrum-bench-image-'));
  const image = join(dir, 'image.raw');
  const target = join(dir, 'target.raw');
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-length': statSync(image).size });
    createReadStream(image, { highWaterMark: 4 * MIB }).pipe(res);
  });
  let agent;
  try {
    const sha = makeImage(image, mib);
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${server.address().port}/image.raw`;
    agent = await startAgent(target);
    const agentRuns = [];
    const ddRuns = [];
    const curlDdRuns = [];
    // Round -1 warms up (JIT, page cache of the image) and is not counted.
    for (let i = -1; i < rounds; i++) {
      const keep = i >= 0;
      writeFileSync(target, '');
      let t = performance.now();
      const res = await fetch(`${agent.url}/v1/commands/?wait=true&agent_token=${TOKEN}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'standby.prepare_image', params: { image_info: { id: 'image.raw', urls: [url], disk_format: 'raw', checksum: sha, stream_raw_images: true } } }),
      });
      const result = await res.json();
      if (result.command_status !== 'SUCCEEDED') throw new Error(`prepare_image failed: ${JSON.stringify(result)}`);
      if (keep) agentRuns.push(performance.now() - t);
      writeFileSync(target, '');
      t = performance.now();
      execFileSync('dd', [`if=${image}`, `of=${target}`, 'bs=1M', 'conv=fsync', 'status=none']);
      if (keep) ddRuns.push(performance.now() - t);
      writeFileSync(target, '');
      t = performance.now();
      // The same transport as the agent: the image over HTTP into dd (curl does no hashing, the agent does).
      // Asynchronous: the image server runs in this process and must keep serving.
      await run('sh', ['-c', `curl -sf "${url}" | dd of="${target}" bs=1M iflag=fullblock conv=fsync status=none`]);
      if (keep) curlDdRuns.push(performance.now() - t);
    }
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const agentMibs = mib / (median(agentRuns) / 1000);
    const ddMibs = mib / (median(ddRuns) / 1000);
    const r = row('agent prepare_image raw (median)', agentMibs, 'MiB/s', 'dd if=<file> bs=1M conv=fsync', ddMibs);
    const overHttp = row('agent prepare_image raw (median)', agentMibs, 'MiB/s', 'curl <url> | dd bs=1M conv=fsync', mib / (median(curlDdRuns) / 1000));
    console.log(
      `  rounds agent ms: ${agentRuns.map((x) => fmt(x)).join(', ')}; dd ms: ${ddRuns.map((x) => fmt(x)).join(', ')}; curl|dd ms: ${curlDdRuns.map((x) => fmt(x)).join(', ')}; goal ratio ≥ 0.9`,
    );
    return { vsDd: r, vsCurlDd: overHttp };
  } finally {
    await agent?.stop();
    server.closeAllConnections?.();
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  }
}
