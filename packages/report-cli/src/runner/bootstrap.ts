/**
 * The runtime bootstrap of one execution environment (a child process, shipped as
 * dist/runtime-bootstrap.js). It plays the part of Lambda's Node.js runtime interface client: loads the
 * handler (the cold start), patches `console` with Lambda's log prefix, receives invocations as JSON
 * lines on stdin,
 * builds the `context`, sets `_X_AMZN_TRACE_ID` before each call, and reports results in-band on
 * stdout. It imports nothing: its code is the runner's whole cold-start overhead, so `node:util` is
 * taken with `process.getBuiltinModule` when first needed and the handler's file URL comes from the
 * runner.
 *
 * argv: <handler file URL> <export path, e.g. `handler` or `nested.handler`>
 */
import type { ChildMessage, ErrorInfo, InvokeMessage, ParentMessage } from './protocol.js';

/**
 * protocol.ts's CONTROL_MARKER, repeated so this file imports nothing at run time (a shared chunk
 * would be one more module to load on every cold start). The end-to-end tests fail if they differ.
 */
const CONTROL_MARKER = '\u001eLP:';

type Handler = (event: unknown, context: unknown, callback?: (error: unknown, result?: unknown) => void) => unknown;

const [handlerUrl = '', exportPath = ''] = process.argv.slice(2);
const rawWrite = process.stdout.write.bind(process.stdout) as (chunk: string, callback?: () => void) => boolean;
let currentRequestId: string | undefined;
let busy = false;

function epochMs(): number {
  return performance.timeOrigin + performance.now();
}

function maxRssKb(): number {
  return process.resourceUsage().maxRSS;
}

function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

function send(message: ChildMessage, callback?: () => void): void {
  rawWrite(`${CONTROL_MARKER}${JSON.stringify(message)}\n`, callback);
}

/** Lambda's text log line: `<ISO time>\t<requestId>\t<LEVEL>\t<message>`, newlines turned into `\r`. */
let utilFormat: ((...args: unknown[]) => string) | undefined;
function format(...args: unknown[]): string {
  utilFormat ??= process.getBuiltinModule('node:util').format;
  return utilFormat(...args);
}

function logLine(level: string, message: string): void {
  const line = `${new Date().toISOString()}\t${currentRequestId}\t${level}\t${message}`;
  rawWrite(`${line.replace(/\n/g, '\r')}\n`);
}

function patchConsole(): void {
  const levels: [string, string][] = [
    ['log', 'INFO'],
    ['info', 'INFO'],
    ['warn', 'WARN'],
    ['error', 'ERROR'],
    ['debug', 'DEBUG'],
    ['trace', 'TRACE'],
    ['fatal', 'FATAL'],
  ];
  const target = console as unknown as Record<string, unknown>;
  for (const [method, level] of levels) {
    target[method] = (...args: unknown[]) => logLine(level, format(...args));
  }
  // Lambda sends stderr to the same log; one stream keeps the order of everything printed.
  process.stderr.write = process.stdout.write.bind(process.stdout) as typeof process.stderr.write;
}

function toErrorInfo(error: unknown, errorType?: string): ErrorInfo {
  if (error instanceof Error) {
    return {
      errorType: errorType ?? (error.name || error.constructor?.name || 'Error'),
      errorMessage: error.message,
      trace: (error.stack ?? '').split('\n'),
    };
  }
  return { errorType: errorType ?? typeof error, errorMessage: String(error), trace: [] };
}

function formatted(error: ErrorInfo): string {
  return JSON.stringify({ errorType: error.errorType, errorMessage: error.errorMessage, stack: error.trace });
}

async function loadHandler(): Promise<{ handler: Handler } | { error: ErrorInfo }> {
  let namespace: Record<string, unknown>;
  try {
    namespace = (await import(handlerUrl)) as Record<string, unknown>;
  } catch (error) {
    const notFound = (error as NodeJS.ErrnoException)?.code === 'ERR_MODULE_NOT_FOUND';
    return { error: toErrorInfo(error, notFound ? 'Runtime.ImportModuleError' : undefined) };
  }
  const path = exportPath.split('.');
  // A CommonJS module's exports are on `default` when Node's static analysis cannot see them.
  for (const root of [namespace, namespace.default as Record<string, unknown> | undefined]) {
    let value: unknown = root;
    for (const key of path) value = value == null ? undefined : (value as Record<string, unknown>)[key];
    if (typeof value === 'function') return { handler: value as Handler };
  }
  const errorMessage = `${process.env._HANDLER} is undefined or not exported`;
  return { error: { errorType: 'Runtime.HandlerNotFound', errorMessage, trace: [] } };
}

function buildContext(message: InvokeMessage): Record<string, unknown> {
  const env = process.env;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: message.invokedFunctionArn,
    memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: message.requestId,
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
    getRemainingTimeInMillis: () => Math.max(0, Math.round(message.deadlineMs - Date.now())),
  };
}

function callHandler(handler: Handler, event: unknown, context: Record<string, unknown>): Promise<unknown> {
  if (handler.length < 3) return Promise.resolve().then(() => handler(event, context));
  // A callback-style handler: settled by the callback (or by a returned promise, whichever is first).
  return new Promise((resolve, reject) => {
    const callback = (error: unknown, result?: unknown) => (error == null ? resolve(result) : reject(error));
    Object.assign(context, { done: callback, succeed: (r: unknown) => resolve(r), fail: (e: unknown) => reject(e) });
    Promise.resolve()
      .then(() => handler(event, context, callback))
      .then((value) => {
        if (value !== undefined) resolve(value);
      }, reject);
  });
}

async function invoke(handler: Handler, message: InvokeMessage): Promise<void> {
  busy = true;
  currentRequestId = message.requestId;
  process.env._X_AMZN_TRACE_ID = message.traceHeader;
  const context = buildContext(message);
  const startMs = epochMs();
  let payload: string | undefined;
  let error: ErrorInfo | undefined;
  try {
    const result = await callHandler(handler, message.event, context);
    payload = JSON.stringify(result === undefined ? null : result);
  } catch (thrown) {
    error = toErrorInfo(thrown);
    logLine('ERROR', `Invoke Error \t${formatted(error)}`);
  }
  const endMs = epochMs();
  busy = false;
  send({ t: 'result', requestId: message.requestId, startMs, endMs, maxRssKb: maxRssKb(), payload, error });
}

/** Lambda's runtime ends the environment on an uncaught exception or unhandled rejection. */
function crash(error: ErrorInfo, label: string): void {
  logLine('ERROR', `${label} \t${formatted(error)}`);
  send({ t: 'crash', requestId: busy ? (currentRequestId ?? null) : null, error, maxRssKb: maxRssKb() }, () =>
    process.exit(129),
  );
}

function shutdown(): void {
  process.stdin.destroy();
  // Let pending work (X-Ray datagrams, log writes) finish; do not wait for open sockets forever.
  setTimeout(() => process.exit(0), 500).unref();
}

/** Reads the runner's messages: one JSON document a line on stdin; stdin's end means shutdown. */
function listen(onMessage: (message: ParentMessage) => void): void {
  let buffer = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk: string) => {
    buffer += chunk;
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      if (line) onMessage(JSON.parse(line) as ParentMessage);
      newline = buffer.indexOf('\n');
    }
  });
  process.stdin.on('end', shutdown);
}

async function main(): Promise<void> {
  patchConsole();
  process.on('uncaughtException', (error) => crash(toErrorInfo(error), 'Uncaught Exception'));
  process.on('unhandledRejection', (reason) =>
    crash(toErrorInfo(reason, 'Runtime.UnhandledPromiseRejection'), 'Unhandled Promise Rejection'),
  );
  const loaded = await loadHandler();
  if ('error' in loaded) {
    logLine('ERROR', `Uncaught Exception \t${formatted(loaded.error)}`);
    send({ t: 'init-error', error: loaded.error, maxRssKb: maxRssKb() }, () => process.exit(1));
    return;
  }
  const { handler } = loaded;
  listen((message) => {
    if (message.t === 'invoke') void invoke(handler, message);
    else if (message.t === 'shutdown') shutdown();
  });
  send({ t: 'ready', maxRssKb: maxRssKb(), cpuMs: cpuMs() });
}

void main();
