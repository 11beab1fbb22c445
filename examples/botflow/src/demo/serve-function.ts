import { type LambdaHandler, serveInProcess } from '../local/function-url.js';

/**
 * The fallback server the demo uses while `lambda-profiler run --serve` is not available: the handler
 * in one Node process (one cold start, no traces), same protocol: one `listening http://…` line.
 */
const handlerPath = process.argv[2];
if (handlerPath === undefined) {
  console.error('usage: serve-function <handler module>');
  process.exit(2);
}
const module = (await import(handlerPath)) as { handler: LambdaHandler };
const server = await serveInProcess(module.handler, '127.0.0.1');
console.log(`listening ${server.url}`);
const stop = () => {
  void server.stop().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
