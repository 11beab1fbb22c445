import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The `lambda-profiler` CLI of the workspace, and which of its commands exist in this build. */
export interface ProfilerCli {
  bin: string;
  commands: Set<string>;
  /** Long options of each command, read from its `--help`. */
  options(command: string): Promise<Set<string>>;
}

export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

export function capture(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<Captured> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

function commandsOf(help: string): Set<string> {
  const commands = new Set<string>();
  const section = help.split(/^Commands:\s*$/m)[1] ?? '';
  for (const line of section.split('\n')) {
    const match = /^\s{2}([a-z][\w-]*)\b/.exec(line);
    if (match?.[1] !== undefined && match[1] !== 'help') commands.add(match[1]);
  }
  return commands;
}

export async function findProfilerCli(): Promise<ProfilerCli | undefined> {
  const require = createRequire(import.meta.url);
  let manifest: string;
  try {
    manifest = require.resolve('@lambda-profiler/report-cli/package.json');
  } catch {
    return undefined;
  }
  const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { bin?: Record<string, string> };
  const relative = pkg.bin?.['lambda-profiler'];
  if (relative === undefined) return undefined;
  const bin = join(dirname(manifest), relative);
  const help = await capture(process.execPath, [bin, '--help']);
  if (help.code !== 0) return undefined;
  const cache = new Map<string, Set<string>>();
  return {
    bin,
    commands: commandsOf(help.stdout),
    async options(command) {
      let found = cache.get(command);
      if (found === undefined) {
        const out = await capture(process.execPath, [bin, command, '--help']);
        found = new Set([...out.stdout.matchAll(/--([a-z][\w-]*)/g)].map((m) => m[1] ?? ''));
        cache.set(command, found);
      }
      return found;
    },
  };
}

/** Whether the middleware ships its `register` entry yet (for `NODE_OPTIONS=--import …`). */
export function middlewareHasRegister(): boolean {
  try {
    const require = createRequire(import.meta.url);
    const manifest = require.resolve('@lambda-profiler/middleware/package.json');
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { exports?: Record<string, unknown> };
    return pkg.exports?.['./register'] !== undefined;
  } catch {
    return false;
  }
}
