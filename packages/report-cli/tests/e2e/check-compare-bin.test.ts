import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const bin = `${packageDir}/dist/cli.js`;
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

function cli(...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
}

describe('lambda-profiler check (built bin)', () => {
  it('exits 0 when tracing is Active', () => {
    const result = cli('check', fixture('check/function-config.json'));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('OK: tracing is Active');
  });

  it('exits 3 with one line naming file, line and field when tracing is not Active', () => {
    const file = fixture('check/serverless.yml');
    const result = cli('check', file);
    expect(result.status).toBe(3);
    expect(result.stdout).toContain('FAIL: tracing is not Active for worker.');
    expect(result.stderr.trim().split('\n')).toEqual([
      `lambda-profiler: tracing is not Active for 1 of 2 function(s): worker (${file}:24 functions.worker.tracing = PassThrough)`,
    ]);
  });

  it('exits 1 with one line for a missing file, and prints JSON with --json', () => {
    const missing = cli('check', 'no-such-file.yml');
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim()).toBe('lambda-profiler: no-such-file.yml: file not found');
    const json = cli('check', '--json', fixture('check/template.yaml'));
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout).functions[0].tracing.value).toBe('Active');
  });
});

describe('lambda-profiler compare (built bin)', () => {
  it('prints the Markdown comparison and exits 0 when nothing gated regressed', () => {
    const result = cli(
      'compare',
      fixture('compare/before.json'),
      fixture('compare/after.json'),
      '--fail-on-regression',
      '5',
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('# Lambda Profiling Comparison - botFlow');
  });

  it('writes --out and exits 3 naming the regressed figures', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lp-compare-'));
    const out = join(dir, 'nested', 'comparison.md');
    const result = cli(
      'compare',
      fixture('compare/after.json'),
      fixture('compare/before.json'),
      '--fail-on-regression',
      '10',
      '--out',
      out,
    );
    expect(result.status).toBe(3);
    expect(result.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toContain('**FAIL**');
    expect(result.stderr.trim().split('\n').at(-1)).toBe(
      'lambda-profiler: regression above 10 %: Cold start: average init +23.1 %, Invocation p90 +21.0 %, Monthly cost (estimated) +21.7 %',
    );
  });

  it('exits 1 naming file and field of an invalid report, and 2 for a bad threshold', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lp-compare-'));
    const bad = join(dir, 'bad.json');
    const report = JSON.parse(readFileSync(fixture('compare/before.json'), 'utf8'));
    delete report.latency;
    writeFileSync(bad, JSON.stringify(report, null, 2));
    const invalid = cli('compare', bad, fixture('compare/after.json'));
    expect(invalid.status).toBe(1);
    expect(invalid.stderr.trim()).toBe(
      `lambda-profiler: ${bad}:1: /: not a lambda-profiler report: must have required property 'latency'`,
    );
    const usage = cli(
      'compare',
      fixture('compare/before.json'),
      fixture('compare/after.json'),
      '--fail-on-regression',
      'x',
    );
    expect(usage.status).toBe(2);
    expect(usage.stderr.trim()).toBe('lambda-profiler: --fail-on-regression: expected a percent >= 0, got "x"');
  });
});
