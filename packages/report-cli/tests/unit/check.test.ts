import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findRegisterEntry } from '../../src/check/node-options.js';
import { checkConfigFile, checkConfigText } from '../../src/check/read-config.js';
import { renderCheck, tracingNotActive } from '../../src/check/render-check.js';
import { formatError } from '../../src/cli/errors.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/check/${name}`, import.meta.url));

function byName<T extends { name: string }>(items: T[], name: string): T {
  const found = items.find((i) => i.name === name);
  if (!found) throw new Error(`no ${name} in ${items.map((i) => i.name).join(', ')}`);
  return found;
}

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return formatError(error);
  }
  throw new Error('expected an error');
}

describe('check: Serverless Framework', () => {
  it('reads provider-wide tracing, a function override, memory, architecture and NODE_OPTIONS', async () => {
    const result = await checkConfigFile(fixture('serverless.yml'));
    expect(result.kind).toBe('serverless');
    const bot = byName(result.functions, 'botFlow');
    expect(bot.tracing).toMatchObject({ value: 'Active', field: 'provider.tracing.lambda', line: 10 });
    expect(bot.memoryMb).toMatchObject({ value: 1024, field: 'functions.botFlow.memorySize', line: 19 });
    expect(bot.architecture).toMatchObject({ value: 'arm64', field: 'provider.architecture' });
    expect(bot.contextMissing).toMatchObject({ value: 'IGNORE_ERROR', line: 12 });
    expect(bot.nodeOptions).toMatchObject({ registerEntry: 'package', field: 'provider.environment.NODE_OPTIONS' });
    const worker = byName(result.functions, 'worker');
    expect(worker.tracing).toMatchObject({ value: 'PassThrough', field: 'functions.worker.tracing', line: 24 });
    expect(worker.memoryMb.value).toBe(512);
    // The function's own NODE_OPTIONS replaces the provider's, so the register entry is gone.
    expect(worker.nodeOptions).toMatchObject({ registerEntry: null, line: 26 });
    expect(tracingNotActive(result).map((f) => f.name)).toEqual(['worker']);
  });

  it('treats a missing tracing setting as PassThrough and a Serverless variable as unresolved', () => {
    const plain = checkConfigText('service: a\nprovider:\n  name: aws\nfunctions:\n  f:\n    handler: h\n', 's.yml');
    expect(plain.functions[0]!.tracing).toMatchObject({ value: 'PassThrough', defaulted: expect.any(String) });
    expect(plain.functions[0]!.memoryMb).toMatchObject({ value: 1024, defaulted: expect.any(String) });
    const variable = checkConfigText(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a Serverless variable, not a JS template
      'service: a\nprovider:\n  tracing:\n    lambda: ${param:tracing}\nfunctions:\n  f:\n    handler: h\n',
      's.yml',
    );
    expect(variable.functions[0]!.tracing.value).toBe('unresolved');
    expect(variable.notes.join(' ')).toContain('serverless print');
  });

  it('names file, line and field of a bad value', () => {
    const text = 'service: a\nprovider:\n  name: aws\nfunctions:\n  f:\n    handler: h\n    tracing: sometimes\n';
    expect(errorOf(() => checkConfigText(text, 'serverless.yml'))).toBe(
      'serverless.yml:7: functions.f.tracing: expected Active, PassThrough, true, false; got sometimes',
    );
    const memory = 'service: a\nprovider:\n  memorySize: lots\nfunctions:\n  f:\n    handler: h\n';
    expect(errorOf(() => checkConfigText(memory, 'serverless.yml'))).toBe(
      'serverless.yml:3: provider.memorySize: expected a positive number, got lots',
    );
  });
});

describe('check: SAM', () => {
  it('reads Globals.Function.Tracing through a !Ref to a parameter default, with intrinsics tolerated', async () => {
    const result = await checkConfigFile(fixture('template.yaml'));
    expect(result.kind).toBe('sam');
    expect(result.functions).toHaveLength(1);
    const fn = result.functions[0]!;
    expect(fn.name).toBe('BotFlowFunction');
    expect(fn.tracing).toMatchObject({ value: 'Active', field: 'Parameters.TracingMode.Default', line: 8 });
    expect(fn.memoryMb).toMatchObject({ value: 512, field: 'Resources.BotFlowFunction.Properties.MemorySize' });
    expect(fn.architecture).toMatchObject({ value: 'arm64', field: 'Globals.Function.Architectures' });
    expect(fn.contextMissing.value).toBe('LOG_ERROR');
    expect(fn.nodeOptions.registerEntry).toBe('path');
    expect(tracingNotActive(result)).toEqual([]);
  });

  it('reports Disabled and a function-level override over Globals', () => {
    const text = [
      'Transform: AWS::Serverless-2016-10-31',
      'Globals:',
      '  Function:',
      '    Tracing: Active',
      'Resources:',
      '  A:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Tracing: Disabled',
      '  B:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Handler: b.handler',
    ].join('\n');
    const result = checkConfigText(text, 'template.yaml');
    expect(byName(result.functions, 'A').tracing).toMatchObject({ value: 'Disabled', line: 9 });
    expect(byName(result.functions, 'B').tracing).toMatchObject({ value: 'Active', field: 'Globals.Function.Tracing' });
    expect(byName(result.functions, 'A').memoryMb).toMatchObject({ value: 128, defaulted: expect.any(String) });
  });

  it('treats !Ref to a parameter without default as unresolved (not Active)', () => {
    const text = [
      'Transform: AWS::Serverless-2016-10-31',
      'Parameters:',
      '  Mode:',
      '    Type: String',
      'Resources:',
      '  A:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Tracing: !Ref Mode',
    ].join('\n');
    const result = checkConfigText(text, 'template.yaml');
    expect(result.functions[0]!.tracing).toMatchObject({ value: 'unresolved', raw: '{"Ref":"Mode"}', line: 9 });
    expect(tracingNotActive(result)).toHaveLength(1);
  });
});

describe('check: CloudFormation', () => {
  it('reads TracingConfig.Mode, defaults, and RUNTIME_ERROR', async () => {
    const result = await checkConfigFile(fixture('cfn-template.yaml'));
    expect(result.kind).toBe('cloudformation');
    const bot = byName(result.functions, 'botFlow');
    expect(bot.tracing).toMatchObject({ value: 'PassThrough', defaulted: expect.stringContaining('TracingConfig') });
    expect(bot.memoryMb.value).toBe(768);
    expect(bot.contextMissing.value).toBe('RUNTIME_ERROR');
    const worker = byName(result.functions, 'Worker');
    expect(worker.tracing).toMatchObject({ value: 'Active', field: 'Resources.Worker.Properties.TracingConfig.Mode' });
    expect(worker.memoryMb.value).toBe(128);
    const text = renderCheck(result);
    expect(text).toContain('FAIL: tracing is not Active for botFlow.');
    expect(text).toContain('TracingConfig: { Mode: Active }');
    expect(text).toContain('RUNTIME_ERROR throws');
  });

  it('rejects a tracing mode Lambda does not know, at its line', () => {
    const text =
      'Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      TracingConfig:\n        Mode: On\n';
    expect(errorOf(() => checkConfigText(text, 't.yaml'))).toBe(
      't.yaml:6: Resources.F.Properties.TracingConfig.Mode: expected Active, PassThrough; got On',
    );
  });
});

describe('check: get-function-configuration output', () => {
  it('reads the API shape', async () => {
    const result = await checkConfigFile(fixture('function-config.json'));
    expect(result.kind).toBe('function-configuration');
    const fn = result.functions[0]!;
    expect(fn).toMatchObject({ name: 'botFlow' });
    expect(fn.tracing).toMatchObject({ value: 'Active', field: 'TracingConfig.Mode', line: 21 });
    expect(fn.memoryMb.value).toBe(512);
    expect(fn.architecture.value).toBe('x86_64');
    expect(fn.nodeOptions).toMatchObject({ registerEntry: 'package' });
    expect(renderCheck(result)).toContain('OK: tracing is Active for the function.');
  });

  it('reads get-function output (under Configuration) and suggests the update command', () => {
    const text = JSON.stringify({ Configuration: { FunctionName: 'x', TracingConfig: { Mode: 'PassThrough' } } });
    const result = checkConfigText(text, 'fn.json');
    expect(result.functions[0]!.tracing.value).toBe('PassThrough');
    expect(renderCheck(result)).toContain('--tracing-config Mode=Active');
  });
});

describe('check: bad input', () => {
  it('names the line of a syntax error', () => {
    expect(errorOf(() => checkConfigText('{\n  "FunctionName": "a",\n  "MemorySize": ]\n}', 'f.json'))).toMatch(
      /^f\.json:3: not valid YAML or JSON/,
    );
  });

  it('says what it expected for an unknown document and for a template without functions', () => {
    expect(errorOf(() => checkConfigText('hello: world\n', 'x.yml'))).toMatch(/^x\.yml:1: not a serverless\.yml/);
    expect(errorOf(() => checkConfigText('Resources:\n  T:\n    Type: AWS::SNS::Topic\n', 't.yml'))).toBe(
      't.yml:1: Resources: no Lambda functions found in this CloudFormation template',
    );
  });
});

describe('register entry in NODE_OPTIONS', () => {
  it.each([
    ['--import @lambda-profiler/middleware/register', 'package'],
    ['--import=@lambda-profiler/middleware/register --max-old-space-size=400', 'package'],
    ['-r @lambda-profiler/middleware/register', 'package'],
    ['--import /opt/nodejs/node_modules/@lambda-profiler/middleware/dist/register.js', 'path'],
    ['--require "./vendor/lambda-profiler/register.cjs"', 'path'],
  ])('finds %s', (options, entry) => {
    expect(findRegisterEntry(options)?.entry).toBe(entry);
  });

  it.each([['--enable-source-maps'], ['--import ./register.js'], ['@lambda-profiler/middleware/register']])(
    'does not count %s',
    (options) => {
      expect(findRegisterEntry(options)).toBeNull();
    },
  );
});
