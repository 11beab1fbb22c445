import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';

export interface FunctionServer {
  url: string;
  /** SIGINT, then wait: `run --serve` writes its run folder on the way out. */
  stop(): Promise<number>;
}

/** Starts a server process that prints `listening http://host:port` when ready. */
export async function startFunctionServer(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; logFile: string; readyTimeoutMs?: number },
): Promise<FunctionServer> {
  const log = createWriteStream(options.logFile);
  const child: ChildProcess = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.pipe(log, { end: false });
  const exited = once(child, 'exit') as Promise<[number | null, string | null]>;
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(new Error(`no "listening" line within ${options.readyTimeoutMs ?? 60_000} ms (see ${options.logFile})`)),
      options.readyTimeoutMs ?? 60_000,
    );
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      log.write(`${line}\n`);
      const match = /^listening (https?:\/\/\S+)/.exec(line.trim());
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void exited.then(([code]) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited with ${code} before listening (see ${options.logFile})`));
    });
  });
  return {
    url,
    async stop() {
      child.kill('SIGINT');
      const killer = setTimeout(() => child.kill('SIGKILL'), 90_000);
      const [code] = await exited;
      clearTimeout(killer);
      log.end();
      return code ?? 1;
    },
  };
}
