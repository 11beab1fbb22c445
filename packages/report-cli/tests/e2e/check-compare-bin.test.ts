import { spawnSync } from 'node:child_process';
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
