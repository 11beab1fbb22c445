import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runFromAws } from '../../src/aws/from-aws-command.js';
import { validateReport } from '../../src/contracts/validate.js';
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

/** In-process, without a pipeline: the download-only path of runFromAws. */
async function runFromAwsIn(cwd: string, env: Record<string, string>, stdout: (t: string) => void) {
  const saved = { ...process.env };
  Object.assign(process.env, env, { LAMBDA_PROFILER_AWS_POLL_MS: '5' });
  try {
    return await runFromAws(
      { fromAws: true, function: 'botFlow', since: '1h', awsDir: join(cwd, 'aws') },
      { stdout, stderr: () => {} },
    );
  } finally {
    process.env = saved;
  }
}
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

describe('lambda-profiler generate --from-aws (built bin)', () => {
  it('downloads into .lambda-profiler/aws/<time>/ and writes a valid report with the population figures', async () => {
    standIn = await startAwsStandIn(botflowScenario({ traced: 8, untraced: 4, endMs: Date.now() - 120_000 }));
    const cwd = mkdtempSync(join(tmpdir(), 'lp-from-aws-'));
    const result = await cli(
      ['generate', '--from-aws', '--function', 'botFlow', '--since', '1h', '--out', 'out/report'],
      cleanEnv(standIn.env),
      cwd,
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`${join('out', 'report')}.md\n${join('out', 'report')}.json\n`);
    const dir = /into (\S+): 8 traces/.exec(result.stderr)?.[1];
    expect(dir).toMatch(/^\.lambda-profiler[/\\]aws[/\\]\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z$/);
    expect(JSON.parse(readFileSync(join(cwd, dir!, 'traces.json'), 'utf8')).Traces).toHaveLength(8);
    expect(existsSync(join(cwd, dir!, 'population.json'))).toBe(true);
    const report = JSON.parse(readFileSync(join(cwd, 'out', 'report.json'), 'utf8'));
    expect(validateReport(report).errors).toEqual([]);
    expect(report.source).toBe('aws');
    expect(report.function).toEqual({ name: 'botFlow', memoryMb: 512, architecture: 'arm64', timeoutS: 30 });
    expect(report.sample).toMatchObject({ traces: 8, invocations: 12, coldStarts: 3 });
    expect(report.dynamodb.operations[0]).toMatchObject({ operation: 'GetItem', table: 'states', count: 8 });
    expect(report.notes.join('\n')).toContain("Whole population (AWS's own figures");
    expect(readFileSync(join(cwd, 'out', 'report.md'), 'utf8')).toContain('# Lambda Profiling Report - botFlow');
  });

  it('downloads only, and prints the generate command, when asked to leave out the pipeline', async () => {
    standIn = await startAwsStandIn(botflowScenario({ traced: 2, endMs: Date.now() - 120_000 }));
    const cwd = mkdtempSync(join(tmpdir(), 'lp-from-aws-'));
    const out: string[] = [];
    const download = await runFromAwsIn(cwd, standIn.env, (t) => out.push(t));
    expect(download.manifest.counts.traces).toBe(2);
    expect(out.join('')).toContain(`Next: lambda-profiler generate --traces ${join(download.dir, 'traces.json')}`);
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
