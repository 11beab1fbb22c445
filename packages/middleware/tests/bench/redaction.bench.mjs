// Cost of redaction where documents leave the process: the X-Ray SDK's UDP send (patched
// dgram.Socket.prototype.send) and EMF/log lines, unpatched vs patched, interleaved in one run.
import dgram from 'node:dgram';
import { interleave, printResults } from './interleave.mjs';

const originalSend = dgram.Socket.prototype.send;
await import('@lambda-profiler/middleware/redact'); // patches send, stdout/stderr and console
const { redact } = await import('@lambda-profiler/middleware');

const header = '{"format":"json","version":1}\n';
const dynamoDoc = `${header}{"id":"a3406b9f696f169a","name":"DynamoDB","start_time":1795887468.404,"namespace":"aws","aws":{"operation":"GetItem","region":"us-east-1","request_id":"JYYPPBGZ0DZQZ8LS8BMVF16SWBLLIN8907KOEPOAOWENFRE7ZG0N","retries":1,"table_name":"users"},"http":{"response":{"status":200,"content_length":2}},"end_time":1795887468.414,"type":"subsegment","parent_id":"aa24768e5f2b34ce","trace_id":"1-6b0b116c-4877c2a41cc3ba9d3f97722c"}`;
const telegramDoc = `${header}{"id":"4bdf5c62d1d6c90d","name":"api.telegram.org","start_time":1795887468.447,"namespace":"remote","http":{"request":{"url":"https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/sendMessage","method":"POST"},"response":{"status":200,"content_length":11}},"end_time":1795887468.469,"type":"subsegment","parent_id":"aa24768e5f2b34ce","trace_id":"1-6b0b116c-4877c2a41cc3ba9d3f97722c"}`;
const calls = Array.from({ length: 12 }, (_, i) =>
  i % 2
    ? `{"v":1,"kind":"http-call","host":"api.telegram.org","service":"Telegram Bot API","method":"POST","path":"/bot:redacted/sendMessage","status":200,"startEpochMs":1795887468446.8787,"durationMs":24.17,"reusedSocket":false,"subsegmentId":"4bdf5c62d1d6c90d","ttfbMs":22.3,"connectMs":2.07}`
    : `{"v":1,"kind":"aws-call","service":"DynamoDB","operation":"GetItem","awsRequestId":"JYYPPBGZ0DZQZ8LS8BMVF16SWBLLIN8907KOEPOAOWENFRE7ZG0N","startEpochMs":1795887468400.922,"durationMs":15.27,"tables":["users"],"subsegmentId":"a3406b9f696f169a","keyAttributes":["pk"],"keyHash":"chfOHNa4Y91mXhHy","items":0,"responseBytes":2,"attempts":1}`,
).join(',');
const handlerDoc = `${header}{"id":"aa24768e5f2b34ce","name":"## index.handler","start_time":1795887468.399,"annotations":{"ColdStart":false,"Service":"botflow"},"metadata":{"lambda-profiler":{"details":{"v":1,"kind":"details","requestId":"req-0","spans":[],"calls":[${calls}]}},"botflow":{"index.handler response":{"statusCode":200,"body":"{\\"ok\\":true}"}}},"end_time":1795887468.526,"type":"subsegment","parent_id":"acbd145c0db5e1d2","trace_id":"1-6b0b116c-4877c2a41cc3ba9d3f97722c"}`;
const emfLine =
  '{"_aws":{"Timestamp":1795887468525,"CloudWatchMetrics":[{"Namespace":"LambdaProfiler","Dimensions":[["service"]],"Metrics":[{"Name":"Replies","Unit":"Count"},{"Name":"MemoryUsed","Unit":"Megabytes"}]}]},"service":"botflow","Replies":1,"MemoryUsed":87.5}\n';

const receiver = dgram.createSocket('udp4');
receiver.on('message', () => undefined);
await new Promise((resolve) => receiver.bind(0, '127.0.0.1', resolve));
const port = receiver.address().port;
const socket = dgram.createSocket('udp4');

function sendWith(send, text) {
  const buf = Buffer.from(text);
  return () => new Promise((resolve) => send.call(socket, buf, 0, buf.length, port, '127.0.0.1', resolve));
}

const rounds = Number(process.env.BENCH_ROUNDS ?? 30);
const perRound = Number(process.env.BENCH_PER_ROUND ?? 200);
console.log(
  `datagram sizes: DynamoDB ${dynamoDoc.length} B, fetch (Telegram) ${telegramDoc.length} B, handler with details ${handlerDoc.length} B`,
);
const sends = await interleave(
  {
    'UDP send, DynamoDB subsegment, unpatched': sendWith(originalSend, dynamoDoc),
    'UDP send, DynamoDB subsegment, redacted': sendWith(dgram.Socket.prototype.send, dynamoDoc),
    'UDP send, Telegram subsegment, unpatched': sendWith(originalSend, telegramDoc),
    'UDP send, Telegram subsegment, redacted': sendWith(dgram.Socket.prototype.send, telegramDoc),
    'UDP send, handler + 12 calls, unpatched': sendWith(originalSend, handlerDoc),
    'UDP send, handler + 12 calls, redacted': sendWith(dgram.Socket.prototype.send, handlerDoc),
  },
  { rounds, perRound },
);
printResults('redaction at the X-Ray UDP send (per datagram)', sends, 'UDP send, DynamoDB subsegment, unpatched');
for (const kind of ['DynamoDB subsegment', 'Telegram subsegment', 'handler + 12 calls']) {
  const cost = sends[`UDP send, ${kind}, redacted`] - sends[`UDP send, ${kind}, unpatched`];
  console.log(`  added per ${kind} datagram: ${cost.toFixed(2)} µs`);
}

const texts = await interleave(
  {
    'redact() DynamoDB document': () => redact(dynamoDoc),
    'redact() Telegram document': () => redact(telegramDoc),
    'redact() handler + 12 calls': () => redact(handlerDoc),
    'redact() EMF line': () => redact(emfLine),
  },
  { rounds, perRound: perRound * 10 },
);
printResults('redaction of the text alone (per document)', texts, 'redact() EMF line');
socket.close();
receiver.close();
