import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateReport } from '../../src/contracts/validate.js';
import { fixture } from '../helpers/fixtures.js';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const bin = `${packageDir}/dist/cli.js`;

function cli(...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
}

describe('lambda-profiler generate (built bin)', () => {
  it('writes Markdown and schema-valid JSON from a run folder and exits 0', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'lp-e2e-')), 'reports', 'profile');
    const result = cli('generate', fixture('run-folder'), '--out', out, '--invocations-per-month', '1000000');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout.trim().split('\n')).toEqual([`${out}.md`, `${out}.json`]);
    const report = JSON.parse(readFileSync(`${out}.json`, 'utf8'));
    expect(validateReport(report).errors).toEqual([]);
    expect(report.function.name).toBe('botFlow');
    const md = readFileSync(`${out}.md`, 'utf8');
    expect(md).toMatch(/^# Lambda Profiling Report - botFlow\n/);
    for (const section of [
      '## Executive Summary',
      '## Top 5 Bottlenecks',
      '## DynamoDB Analysis',
      '## External API Analysis',
      '## Memory Analysis',
      '## Initialization Time Breakdown',
      '## Service Map',
      '## Recommendations Priority',
      '## Expected Total Improvement',
      '## Next Steps',
    ])
      expect(md).toContain(section);
    expect(md.match(/```mermaid/g)?.length).toBe(3);
  });

  it('reads --traces and --logs with one format and warns about bad records on stderr', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lp-e2e-'));
    const logs = join(dir, 'extra.log');
    writeFileSync(logs, 'REPORT RequestId: r9\tBilled Duration: 2 ms\n');
    const result = cli(
      'generate',
      '--traces',
      fixture('xray/lambda-classic-2017.ndjson'),
      '--logs',
      logs,
      '--format',
      'json',
      '--out',
      join(dir, 'r'),
    );
    expect(result.status).toBe(0);
    expect(result.stderr).toBe(
      `lambda-profiler: warning: ${logs}:1: REPORT Duration: missing or not a number; line skipped\n`,
    );
    expect(existsSync(join(dir, 'r.json'))).toBe(true);
    expect(existsSync(join(dir, 'r.md'))).toBe(false);
  });

  it('exits 1 with one line naming the file for unusable input, never a stack trace', () => {
    const result = cli(
      'generate',
      '--traces',
      fixture('xray/batch-get-traces-scorekeep.json'),
      '--out',
      join(tmpdir(), 'never'),
    );
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^lambda-profiler: no Lambda invocations found/);
    // What the traces hold instead (the Scorekeep sample app runs on Elastic Beanstalk).
    expect(result.stderr).toContain('; the traces hold segments of Scorekeep (AWS::ElasticBeanstalk::Environment)');
    expect(result.stderr).not.toMatch(/\bat .+:\d+:\d+/);
    const missing = cli('generate', '--logs', join(tmpdir(), 'no-such-file.log'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('no-such-file.log: no such file or folder');
  });

  it('exits 2 for a usage error', () => {
    expect(cli('generate').status).toBe(2);
    expect(cli('generate', '--logs', 'x', '--format', 'pdf').status).toBe(2);
    expect(cli('generate', '--logs', 'x', '--invocations-per-month', 'many').status).toBe(2);
  });
});
