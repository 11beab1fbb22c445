import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { botflowScenario } from '../helpers/aws-scenario.js';
import { type StandIn, startAwsStandIn } from '../helpers/aws-stand-in.js';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const bin = `${packageDir}/dist/cli.js`;

/** The environment a user would have, minus anything AWS-related from this machine. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_')) env[k] = v;
  const home = mkdtempSync(join(tmpdir(), 'lp-home-'));
  return {
    ...env,
    HOME: home,
    AWS_CONFIG_FILE: join(home, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    LAMBDA_PROFILER_AWS_POLL_MS: '5',
    ...extra,
  };
}

// Async spawn: the stand-in lives in this process, so the event loop must keep serving it.
function cli(args: string[], env: NodeJS.ProcessEnv, cwd: string) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env, cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

let standIn: StandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

describe('lambda-profiler generate --from-aws (built bin)', () => {
  it('downloads into .lambda-profiler/aws/<time>/ and prints the generate command', async () => {
    standIn = await startAwsStandIn(botflowScenario({ traced: 4, untraced: 2, endMs: Date.now() - 120_000 }));
    const cwd = mkdtempSync(join(tmpdir(), 'lp-from-aws-'));
    const result = await cli(
      ['generate', '--from-aws', '--function', 'botFlow', '--since', '1h'],
      cleanEnv(standIn.env),
      cwd,
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const dir = /into (\S+): 4 traces/.exec(result.stdout)?.[1];
    expect(dir).toMatch(/^\.lambda-profiler[/\\]aws[/\\]\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z$/);
    expect(JSON.parse(readFileSync(join(cwd, dir!, 'traces.json'), 'utf8')).Traces).toHaveLength(4);
    expect(existsSync(join(cwd, dir!, 'population.json'))).toBe(true);
    expect(result.stdout).toContain(`Next: lambda-profiler generate --traces ${join(dir!, 'traces.json')}`);
  });

  it('exits 1 with one line for an unknown function and for missing credentials', async () => {
    standIn = await startAwsStandIn(botflowScenario({ traced: 1, endMs: Date.now() - 120_000 }));
    const cwd = mkdtempSync(join(tmpdir(), 'lp-from-aws-'));
    const unknown = await cli(
      ['generate', '--from-aws', '--function', 'ghost', '--since', '1h'],
      cleanEnv(standIn.env),
      cwd,
    );
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toBe(
      'lambda-profiler: function ghost not found in us-east-1 (check --function, --qualifier and --region)\n',
    );
    const { AWS_ACCESS_KEY_ID: _id, AWS_SECRET_ACCESS_KEY: _secret, ...noCredentials } = standIn.env;
    const anonymous = await cli(
      ['generate', '--from-aws', '--function', 'botFlow', '--since', '1h'],
      cleanEnv(noCredentials),
      cwd,
    );
    expect(anonymous.status).toBe(1);
    expect(anonymous.stderr).toMatch(/^lambda-profiler: no AWS credentials found: set AWS_PROFILE or pass --profile/);
    expect(anonymous.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exits 2 for missing or contradictory flags', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'lp-from-aws-'));
    const env = cleanEnv({});
    const noFunction = await cli(['generate', '--from-aws', '--since', '1h'], env, cwd);
    expect(noFunction).toMatchObject({ status: 2, stderr: 'lambda-profiler: --from-aws needs --function <name>\n' });
    const both = await cli(
      ['generate', '--from-aws', '--function', 'f', '--since', '1h', '--start', '2026-11-28'],
      env,
      cwd,
    );
    expect(both).toMatchObject({
      status: 2,
      stderr: 'lambda-profiler: --since cannot be combined with --start/--end\n',
    });
    const badSince = await cli(['generate', '--from-aws', '--function', 'f', '--since', 'yesterday'], env, cwd);
    expect(badSince.stderr).toBe('lambda-profiler: --since: expected a duration like 30m, 1h or 2d, got "yesterday"\n');
  });
});
