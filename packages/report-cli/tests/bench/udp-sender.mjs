// Sends X-Ray daemon datagrams at a steady rate from its own process, as many traced functions would.
// argv: <port> <rate per second, or 0 for as fast as possible> <seconds> <document bytes> [sockets]
// Several sockets take turns, as in Lambda, where the X-Ray SDK opens a socket per send.
// Prints {"sent":N,"errors":N,"seconds":S} when every send has completed.
import { createSocket } from 'node:dgram';
import { performance } from 'node:perf_hooks';

const [port, rate, seconds, bytes, socketCount = 8] = process.argv.slice(2).map(Number);
const sockets = Array.from({ length: socketCount }, () => createSocket('udp4'));
const header = '{"format":"json","version":1}\n';
const base = {
  name: 'DynamoDB',
  namespace: 'aws',
  type: 'subsegment',
  parent_id: '35465b3a9e2f7c6a',
  trace_id: '1-6352a70e-1e2c502e358361800241fd45',
  aws: { operation: 'GetItem', region: 'us-east-1', table_name: 'orders', retries: 1 },
  http: { response: { status: 200, content_length: 112 } },
};
const padding = 'x'.repeat(Math.max(0, bytes - JSON.stringify(base).length - 90));
const now = Date.now() / 1000;
// One template, copied per datagram with its own id: building JSON per send would make the sender
// the bottleneck of the benchmark.
const ID = '@@@@@@@@@@@@@@@@';
const template = Buffer.from(
  `${header}${JSON.stringify({ ...base, id: ID, start_time: now, end_time: now, metadata: { bench: { padding } } })}`,
);
const idAt = template.indexOf(ID);
let issued = 0;
let completed = 0;
let errors = 0;
let start = 0;
const done = () => completed === issued;
const onSent = (error) => {
  completed++;
  if (error) errors++;
};

function datagram(i) {
  const buffer = Buffer.allocUnsafe(template.length);
  template.copy(buffer);
  buffer.write(i.toString(16).padStart(16, '0'), idAt, 'latin1');
  return buffer;
}

function tick() {
  const elapsed = (performance.now() - start) / 1000;
  if (elapsed >= seconds) return finish();
  // Paced: catch up to rate × elapsed. Unpaced: a batch, then yield so send callbacks run.
  const target = rate > 0 ? Math.floor(rate * elapsed) : issued + 200;
  while (issued < target) sockets[issued % socketCount].send(datagram(issued++), onSent);
  setImmediate(tick);
}

function finish() {
  const seconds = (performance.now() - start) / 1000;
  const wait = () => {
    if (!done()) return setImmediate(wait);
    for (const socket of sockets) socket.close();
    process.stdout.write(`${JSON.stringify({ sent: completed - errors, errors, seconds })}\n`);
  };
  wait();
}

let connected = 0;
for (const socket of sockets) {
  socket.connect(port, '127.0.0.1', () => {
    if (++connected < socketCount) return;
    start = performance.now();
    tick();
  });
}
