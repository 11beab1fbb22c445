import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const bin = `${packageDir}/dist/cli.js`;
const pkg = JSON.parse(readFileSync(`${packageDir}/package.json`, 'utf8')) as { version: string };

function cli(...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
}

describe('lambda-profiler bin', () => {
  it('prints usage for --help and exits 0', () => {
    const result = cli('--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: lambda-profiler');
  });

  it('prints the package version for --version and exits 0', () => {
    const result = cli('--version');
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(pkg.version);
  });

  it('exits 2 with one line on stderr for an unknown flag', () => {
    const result = cli('--no-such-flag');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("unknown option '--no-such-flag'");
    expect(result.stderr).not.toMatch(/\bat .+:\d+:\d+/);
  });
});

describe('built library entry', () => {
  it('imports as ESM and requires as CommonJS', () => {
    const esm = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "import * as m from '@lambda-profiler/report-cli'; console.log(m.CLI_VERSION, m.EXIT.gate, m.reportSchema.$id)",
      ],
      { cwd: packageDir, encoding: 'utf8' },
    );
    expect(esm.stderr).toBe('');
    expect(esm.stdout.trim()).toBe(`${pkg.version} 3 https://lambda-profiler.dev/schemas/report-v1.json`);
    const cjs = spawnSync(
      process.execPath,
      [
        '--input-type=commonjs',
        '-e',
        "const m = require('@lambda-profiler/report-cli'); console.log(typeof m.validateReport, m.RUN_FILES.traces)",
      ],
      { cwd: packageDir, encoding: 'utf8' },
    );
    expect(cjs.stderr).toBe('');
    expect(cjs.stdout.trim()).toBe('function traces.ndjson');
  });

  it('ships the report schema as a JSON file', () => {
    const schema = JSON.parse(readFileSync(`${packageDir}/dist/report.schema.json`, 'utf8')) as { $schema: string };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });
});
