import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { capture, findProfilerCli } from '../src/demo/profiler-cli.js';

const exampleDir = join(dirname(fileURLToPath(import.meta.url)), '..');

describe('serverless.yml', () => {
  it('passes lambda-profiler check: tracing active, register entry in NODE_OPTIONS, 512 MB', async () => {
    const cli = await findProfilerCli();
    if (cli === undefined || !cli.commands.has('check')) throw new Error('build the CLI first: pnpm run build');
    const result = await capture(process.execPath, [cli.bin, 'check', join(exampleDir, 'serverless.yml')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Tracing\s+Active/);
    expect(result.stdout).toMatch(/AWS_XRAY_CONTEXT_MISSING\s+LOG_ERROR/);
    expect(result.stdout).toMatch(/Register entry\s+yes/);
    expect(result.stdout).toMatch(/Memory\s+512 MB/);
  });
});
