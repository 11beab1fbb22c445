import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveOptions } from '../../src/options.js';

const ENV = [
  'LAMBDA_PROFILER_ENABLED',
  'LAMBDA_PROFILER_SAMPLE_RATE',
  'LAMBDA_PROFILER_MEMORY',
  'LAMBDA_PROFILER_TOP_MODULES',
  'LAMBDA_PROFILER_PROACTIVE_INIT_MS',
  'LAMBDA_PROFILER_HTTP',
  'LAMBDA_PROFILER_REDACT',
  'LAMBDA_PROFILER_HOSTS',
];

describe('resolveOptions', () => {
  afterEach(() => {
    for (const name of ENV) delete process.env[name];
  });

  it('uses the defaults without options or environment', () => {
    const o = resolveOptions();
    expect(o).toMatchObject({
      enabled: true,
      sampleRate: 0.05,
      memory: 'basic',
      topModules: 25,
      proactiveInitMs: 10_000,
    });
    expect(o.dependencies).toEqual({ http: true });
  });

  it('reads LAMBDA_PROFILER_* variables, and an explicit option wins over them', () => {
    Object.assign(process.env, {
      LAMBDA_PROFILER_ENABLED: 'off',
      LAMBDA_PROFILER_SAMPLE_RATE: '0.5',
      LAMBDA_PROFILER_MEMORY: 'Detailed',
      LAMBDA_PROFILER_TOP_MODULES: '7',
      LAMBDA_PROFILER_PROACTIVE_INIT_MS: '500',
      LAMBDA_PROFILER_HTTP: 'no',
      LAMBDA_PROFILER_REDACT: 'false',
      LAMBDA_PROFILER_HOSTS: 'api.telegram.org=Telegram Bot API, slack.com=Slack',
    });
    const fromEnv = resolveOptions();
    expect(fromEnv).toMatchObject({
      enabled: false,
      sampleRate: 0.5,
      memory: 'detailed',
      topModules: 7,
      proactiveInitMs: 500,
    });
    expect(fromEnv.dependencies).toEqual({
      http: false,
      redact: false,
      hosts: { 'api.telegram.org': 'Telegram Bot API', 'slack.com': 'Slack' },
    });
    const explicit = resolveOptions({
      enabled: true,
      sampleRate: 2,
      memory: 'basic',
      http: true,
      redact: { patterns: [/x/] },
      hosts: {},
    });
    expect(explicit).toMatchObject({ enabled: true, sampleRate: 1, memory: 'basic' });
    expect(explicit.dependencies).toEqual({ http: true, redact: { patterns: [/x/] }, hosts: {} });
  });

  it('accepts hosts as JSON and reports bad values through onError, keeping defaults', () => {
    process.env.LAMBDA_PROFILER_HOSTS = '{"a.example":"A","n":1}';
    expect(resolveOptions().dependencies.hosts).toEqual({ 'a.example': 'A' });
    Object.assign(process.env, {
      LAMBDA_PROFILER_ENABLED: 'maybe',
      LAMBDA_PROFILER_SAMPLE_RATE: '7',
      LAMBDA_PROFILER_MEMORY: 'huge',
      LAMBDA_PROFILER_HOSTS: '{not json',
    });
    const onError = vi.fn();
    const o = resolveOptions({ onError });
    expect(o).toMatchObject({ enabled: true, sampleRate: 0.05, memory: 'basic' });
    expect(onError).toHaveBeenCalledTimes(4);
    expect(onError.mock.calls.map((c) => (c[1] as { stage: string }).stage)).toEqual([
      'options',
      'options',
      'options',
      'options',
    ]);
    expect(String((onError.mock.calls[0]![0] as Error).message)).toContain('LAMBDA_PROFILER_HOSTS');
    for (const name of ENV) delete process.env[name];
    process.env.LAMBDA_PROFILER_HOSTS = '["a"]';
    resolveOptions({ onError });
    process.env.LAMBDA_PROFILER_HOSTS = 'nohost, =x';
    resolveOptions({ onError });
    expect(onError).toHaveBeenCalledTimes(7);
    expect(resolveOptions({ onError }).dependencies.hosts).toEqual({});
  });
});
