// The composed floor's front end: plain node:http; each request's body goes over its own NATS connection to
// the responder (floor-responder.mjs) and the server answers 202 once the reply is back (409 if the row's
// lock was held, 500 on an error).
import { createServer } from 'node:http';
import { connect } from '@nats-io/transport-node';

const { BENCH_NATS_URL, BENCH_SUBJECT, BENCH_PORT } = process.env;
process.stdin.on('end', () => process.exit(0)).resume();

const nc = await connect({ servers: BENCH_NATS_URL });
createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    try {
      const reply = (await nc.request(BENCH_SUBJECT, Buffer.concat(chunks), { timeout: 5000 })).json();
      res.statusCode = reply.error ? 500 : reply.acquired ? 202 : 409;
    } catch {
      res.statusCode = 500;
    }
    res.end();
  });
}).listen(Number(BENCH_PORT), '127.0.0.1', () => console.log('up'));
