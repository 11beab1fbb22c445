import { resolve } from 'node:path';
import type { Command } from 'commander';
import { CliError, UsageError } from '../cli/errors.js';
import type { CliIo, CommandRegistrar } from '../cli/types.js';
import type { RunManifest } from '../contracts/run-folder.js';
import { integerOption, numberOption } from './option-parsers.js';

export interface RunCommandOptions {
  handler: string;
  events?: string;
  count?: number;
  concurrency: number;
  memory: number;
  timeout: number;
  name?: string;
  arch: string;
  env: Record<string, string>;
  recycleAfter: number;
  out?: string;
  serve?: string;
}

/** `.lambda-profiler/runs/2026-05-01T12-30-45-123Z` */
export function defaultRunFolder(now: Date = new Date()): string {
  return `.lambda-profiler/runs/${now.toISOString().replace(/[:.]/g, '-')}`;
}

function collectEnv(value: string, previous: Record<string, string>): Record<string, string> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new UsageError(`--env: expected KEY=VALUE, got '${value}'`);
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
}

/** `host:port` (IPv6 hosts in brackets); port 0 picks a free one. */
export function parseServeAddress(value: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(value);
  const port = match ? Number(match[3]) : Number.NaN;
  if (!match || port > 65535)
    throw new UsageError(`--serve: expected <host>:<port> (e.g. 127.0.0.1:9000), got '${value}'`);
  return { host: match[1] ?? match[2] ?? '127.0.0.1', port };
}

export function describeRun(manifest: RunManifest, folder: string): string {
  const c = manifest.counts;
  return (
    `${c.invocations} invocations (${c.coldStarts} cold) in ${manifest.environments.length} environments; ` +
    `${c.errors} errors (${c.timeouts} timeouts, ${c.crashes} crashes); ` +
    `${manifest.collector.documents} trace documents; run folder ${folder}`
  );
}

async function run(options: RunCommandOptions, io: CliIo): Promise<void> {
  if (options.events && options.serve) throw new UsageError('--events and --serve exclude each other');
  if (!options.events && !options.serve) throw new UsageError('give --events <file|dir> or --serve <host:port>');
  if (options.arch !== 'x86_64' && options.arch !== 'arm64') {
    throw new UsageError(`--arch: expected x86_64 or arm64, got '${options.arch}'`);
  }
  const serve = options.serve ? parseServeAddress(options.serve) : undefined;
  const { resolveHandler, readEvents, RunSession, defaultBootstrapPath, startFunctionUrlServer, LOCAL_ACCOUNT_ID } =
    await import('../runner/index.js');
  const { newRequestId } = await import('../runner/ids.js');
  const { onShutdownSignal } = await import('../collector/shutdown-signal.js');
  const handler = resolveHandler(options.handler);
  const events = options.events ? readEvents(options.events) : [];
  const outDir = resolve(options.out ?? defaultRunFolder());
  const session = await RunSession.start({
    handler,
    functionName: options.name ?? handler.moduleName,
    memoryMb: options.memory,
    timeoutS: options.timeout,
    architecture: options.arch,
    region: options.env.AWS_REGION ?? 'us-east-1',
    concurrency: options.concurrency,
    recycleAfter: options.recycleAfter,
    userEnv: options.env,
    outDir,
    mode: serve ? 'serve' : 'events',
    bootstrapPath: defaultBootstrapPath(),
  });
  const shutdown = onShutdownSignal();
  try {
    if (serve) {
      let server: Awaited<ReturnType<typeof startFunctionUrlServer>>;
      try {
        server = await startFunctionUrlServer({
          host: serve.host,
          port: serve.port,
          accountId: LOCAL_ACCOUNT_ID,
          newRequestId,
          invoke: (event, requestId) => session.invoke(event, { requestId }),
        });
      } catch (error) {
        await session.finish();
        const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        throw new CliError(`cannot listen on ${options.serve}: ${code}`, { cause: error });
      }
      const shown = server.host.includes(':') ? `[${server.host}]` : server.host;
      // The one machine-readable line on stdout: callers wait for it, then send requests.
      io.stdout(`listening http://${shown}:${server.port}\n`);
      io.stderr(
        `serving ${handler.handler} as a function URL; X-Ray daemon ${session.daemonAddress}; run folder ${outDir}\n`,
      );
      const signal = await shutdown.signal;
      io.stderr(`${signal}: draining\n`);
      const closed = server.close();
      await session.idle();
      server.server.closeAllConnections();
      await closed;
    } else {
      const total = options.count ?? events.length;
      let next = 0;
      let done = 0;
      let stopped = false;
      void shutdown.signal.then((signal) => {
        stopped = true;
        io.stderr(`\n${signal}: finishing the invocations in flight\n`);
      });
      const progress = io.isTTY ? setInterval(() => io.stderr(`\r\x1b[K${done}/${total} invocations`), 250) : undefined;
      // One worker per allowed environment: each takes the next event when its invocation ends.
      const worker = async () => {
        while (!stopped && next < total) {
          const event = events[next++ % events.length];
          await session.invoke(event);
          done++;
        }
      };
      await Promise.all(Array.from({ length: Math.min(options.concurrency, total) }, worker));
      if (progress) clearInterval(progress);
      if (io.isTTY) io.stderr('\r\x1b[K');
    }
    const manifest = await session.finish();
    io.stderr(`${describeRun(manifest, outDir)}\n`);
    if (!serve) io.stdout(`${outDir}\n`);
  } finally {
    shutdown.dispose();
    await session.finish().catch(() => undefined);
  }
}

export const registerRun: CommandRegistrar = (program: Command, io: CliIo) => {
  program
    .command('run')
    .description(
      'run a handler in Lambda-like execution environments with a built-in X-Ray daemon; writes a run folder (traces.ndjson, function.log, run.json)',
    )
    .requiredOption(
      '--handler <path.export>',
      'handler module and export, as Lambda names it (e.g. dist/handler.handler)',
    )
    .option('--events <file|dir>', 'events: an NDJSON file, a .json file, or a folder of them')
    .option(
      '--count <n>',
      'invocations to run (events are cycled); default: one per event',
      integerOption('--count', 1, 10_000_000),
    )
    .option('--concurrency <n>', 'most execution environments at once', integerOption('--concurrency', 1, 1000), 1)
    .option(
      '--memory <mb>',
      'memory size, MB (AWS_LAMBDA_FUNCTION_MEMORY_SIZE and the V8 heap limit)',
      integerOption('--memory', 128, 10240),
      128,
    )
    .option('--timeout <s>', 'timeout, seconds', numberOption('--timeout', 0, 900), 3)
    .option('--name <name>', 'function name (default: the handler module name)')
    .option('--arch <arch>', 'architecture recorded for the run: x86_64 or arm64', 'x86_64')
    .option('--env <KEY=VALUE>', 'environment variable for the function (repeatable)', collectEnv, {})
    .option(
      '--recycle-after <n>',
      'end an environment after n invocations (0: never)',
      integerOption('--recycle-after', 0, 10_000_000),
      0,
    )
    .option('--out <dir>', 'run folder (default: .lambda-profiler/runs/<timestamp>/)')
    .option(
      '--serve <host:port>',
      'serve the handler as a local function URL instead of running events; port 0 picks a free one',
    )
    .action((options: RunCommandOptions) => run(options, io));
};
