import { beforeEach, describe, expect, it } from 'vitest';
import { initializationType, isColdStart } from '../../src/collectors/cold-start.js';
import { type RawModuleTiming, summarizeImports } from '../../src/collectors/imports.js';
import { buildInitRecord } from '../../src/collectors/init.js';
import { initPhase, markInit } from '../../src/init-marks.js';
import { globalState } from '../../src/recording/global-state.js';
import { assertValidMetadata } from '../helpers/schema.js';
import { freshEnvironment } from '../helpers/state.js';

function mod(module: string, pkg: string, startMs: number, ms: number, selfMs = ms, entry = true): RawModuleTiming {
  return { module, package: pkg, format: 'cjs', ms, selfMs, startMs, entry };
}

const inputs = (firstInvokeMs: number) => ({
  state: globalState(),
  initType: 'on-demand' as const,
  firstInvokeMs,
  topModules: 2,
  proactiveInitMs: 10_000,
  bootstrapMs: 20,
});

describe('cold start', () => {
  it('is decided by the first invocation and the initialization type', () => {
    expect(isColdStart(1, 'on-demand')).toBe(true);
    expect(isColdStart(1, 'unknown')).toBe(true);
    expect(isColdStart(2, 'on-demand')).toBe(false);
    expect(isColdStart(1, 'provisioned-concurrency')).toBe(false);
    expect(isColdStart(1, 'snap-start')).toBe(false);
    process.env.AWS_LAMBDA_INITIALIZATION_TYPE = 'snap-start';
    expect(initializationType()).toBe('snap-start');
    process.env.AWS_LAMBDA_INITIALIZATION_TYPE = 'something-new';
    expect(initializationType()).toBe('unknown');
    delete process.env.AWS_LAMBDA_INITIALIZATION_TYPE;
  });
});

describe('init record', () => {
  beforeEach(() => freshEnvironment());

  it('splits init into exclusive phases from the register table, marks and SDK client time', () => {
    const state = globalState();
    state.registerActive = true;
    state.importWindow = { firstStartMs: 50, lastEndMs: 250 };
    state.modules = [
      mod('@aws-sdk/client-dynamodb/dist-cjs/index.js', '@aws-sdk/client-dynamodb', 60, 80, 70),
      mod('@smithy/core/index.js', '@smithy/core', 62, 10, 10, false),
      mod('./src/app.js', '(app)', 150, 90, 40),
      mod('lodash/index.js', 'lodash', 160, 30, 30),
    ];
    state.initMarks = [{ name: 'warm cache', startMs: 200, ms: 20 }];
    state.sdkClientInitMs = 5;
    state.firstCallSetupMs = 12.5;
    state.initReadyMs = 260;
    const init = buildInitRecord(inputs(300));
    assertValidMetadata({ init });
    expect(init.phases).toEqual([
      { name: 'runtime', ms: 50 },
      { name: 'imports', ms: 95 }, // 200 window − 80 SDK − 20 custom − 5 client
      { name: 'aws-sdk', ms: 85 },
      { name: 'custom', ms: 20 },
      { name: 'other', ms: 10 },
    ]);
    expect(init.durationMs).toBe(260);
    expect(init.toFirstInvokeMs).toBe(40);
    expect(init.proactive).toBe(false);
    expect(init.firstCallSetupMs).toBe(12.5);
    expect(init.imports).toMatchObject({ source: 'register', count: 4, totalMs: 200, omitted: 2 });
    expect(init.imports.modules.map((m) => m.module)).toEqual([
      '@aws-sdk/client-dynamodb/dist-cjs/index.js',
      './src/app.js',
    ]);
    expect(init.imports.modules[0]).not.toHaveProperty('startMs');
    const sdk = init.imports.packages.find((p) => p.package === '@smithy/core')!;
    expect(sdk).toEqual({ package: '@smithy/core', files: 1, ms: 0, selfMs: 10 });
  });

  it('flags proactive init and leaves imports unknown without the register entry', () => {
    globalState().initReadyMs = 100;
    const init = buildInitRecord(inputs(20_000));
    expect(init.imports.source).toBe('none');
    expect(init.proactive).toBe(true);
    expect(init.phases.find((p) => p.name === 'runtime')!.ms).toBe(20);
    expect(init.phases.find((p) => p.name === 'other')!.ms).toBe(80);
  });

  it('folds packages beyond 60 into one aggregate', () => {
    const modules = Array.from({ length: 70 }, (_, i) => mod(`p${i}/i.js`, `p${i}`, i, 1));
    const summary = summarizeImports(modules, 5, 0);
    expect(summary.packages).toHaveLength(61);
    expect(summary.packages.at(-1)).toMatchObject({ package: '(other packages)', files: 10 });
    expect(summary.totalMs).toBe(70);
  });
});

describe('markInit / initPhase', () => {
  beforeEach(() => freshEnvironment());

  it('records marks closed by the next mark, by their end function, or by the end of init', async () => {
    const first = markInit('config');
    markInit('clients');
    first(); // already closed by the next mark: no second record
    const third = markInit('cache');
    third();
    markInit('left open');
    expect(initPhase('sync', () => 5)).toBe(5);
    await expect(initPhase('async', async () => 'v')).resolves.toBe('v');
    expect(() =>
      initPhase('throws', () => {
        throw new Error('x');
      }),
    ).toThrow('x');
    await Promise.resolve();
    const init = buildInitRecord(inputs(performance.now() + 1));
    expect(init.custom.map((m) => m.name)).toEqual([
      'config',
      'clients',
      'cache',
      'sync',
      'async',
      'throws',
      'left open',
    ]);
    expect(init.custom.every((m) => m.ms >= 0)).toBe(true);
  });

  it('ignores marks once the first invocation started', () => {
    globalState().invocations = 1;
    markInit('late')();
    expect(initPhase('late phase', () => 3)).toBe(3);
    expect(globalState().initMarks).toEqual([]);
  });
});
