import { describe, expect, it } from 'vitest';
import { summarizeCpu } from '../../src/sampling/cpu-summary.js';
import { summarizeHeap } from '../../src/sampling/heap-summary.js';
import type { CallFrame, CpuProfile, HeapProfileNode } from '../../src/sampling/inspector.js';
import { boundProfile } from '../../src/sampling/profile.js';
import { mapProjectRoot, sourceName, sourceNameInMap } from '../../src/sampling/source-name.js';
import { profileExample } from '../helpers/contract-examples.js';

const frame = (functionName: string, line = 0, url = 'file:///var/task/index.js'): CallFrame => ({
  functionName,
  url,
  lineNumber: line,
  columnNumber: 0,
});
const byName = (f: CallFrame) => ({ name: f.functionName, location: `x:${f.lineNumber + 1}`, package: '(app)' });

describe('summarizeCpu', () => {
  it('weights samples by their time deltas and counts recursion once in total time', () => {
    // Prepare: root → handler → walk → walk (recursive) → leaf
    const profile: CpuProfile = {
      startTime: 0,
      endTime: 10_000,
      nodes: [
        { id: 1, callFrame: frame('(root)', -1, ''), children: [2, 6] },
        { id: 2, callFrame: frame('handler', 1), children: [3] },
        { id: 3, callFrame: frame('walk', 5), children: [4] },
        { id: 4, callFrame: frame('walk', 5), children: [5] },
        { id: 5, callFrame: frame('leaf', 9) },
        { id: 6, callFrame: frame('(idle)', -1, '') },
      ],
      samples: [5, 5, 4, 2, 6],
      timeDeltas: [0, 1000, 1000, 2000, 1000],
    };

    // Act
    const summary = summarizeCpu(profile, 10, byName);

    // Assess: each sample weighs the delta to the next one: leaf 1+1 ms, the inner walk 2 ms,
    // handler 1 ms; the last (idle) sample is not work.
    expect(summary.sampledMs).toBe(5);
    expect(summary.functions.map((f) => [f.name, f.selfMs, f.totalMs])).toEqual([
      ['walk', 2, 4],
      ['leaf', 2, 2],
      ['handler', 1, 5],
    ]);
    expect(summary.functions[0]!.selfPct).toBe(40);
  });
});

describe('summarizeHeap', () => {
  it('sums the bytes each function allocated over all its call paths', () => {
    const head: HeapProfileNode = {
      callFrame: frame('(root)', -1, ''),
      selfSize: 0,
      children: [
        {
          callFrame: frame('a', 1),
          selfSize: 100,
          children: [{ callFrame: frame('clone', 7), selfSize: 500, children: [] }],
        },
        {
          callFrame: frame('b', 2),
          selfSize: 0,
          children: [{ callFrame: frame('clone', 7), selfSize: 400, children: [] }],
        },
      ],
    };
    const summary = summarizeHeap(head, 1, byName);
    expect(summary.totalBytes).toBe(1000);
    expect(summary.sites).toEqual([{ name: 'clone', location: 'x:8', package: '(app)', bytes: 900, pct: 90 }]);
  });
});

describe('boundProfile', () => {
  it('drops the least costly entries to fit the budget and marks the truncation', () => {
    // Prepare
    const record = structuredClone(profileExample);
    const fn = record.cpu!.functions[0]!;
    record.cpu!.functions = Array.from({ length: 400 }, (_, i) => ({ ...fn, name: `f${i}`.padEnd(150, 'x') }));

    // Act
    boundProfile(record, 20 * 1024);

    // Assess
    expect(JSON.stringify(record).length).toBeLessThanOrEqual(20 * 1024);
    expect(record.truncated!.functions).toBe(400 - record.cpu!.functions.length);
    expect(record.cpu!.functions[0]!.name.startsWith('f0')).toBe(true);
  });
});

describe('sourceName', () => {
  it.each([
    ['webpack://botflow/./src/flows.ts', './src/flows.ts', '(app)'],
    [
      'webpack://@lambda-profiler/example-botflow/./src/flows/context-window.ts',
      './src/flows/context-window.ts',
      '(app)',
    ],
    ['webpack://botflow/./node_modules/lodash/cloneDeep.js', 'lodash/cloneDeep.js', 'lodash'],
    [
      'webpack://botflow/../node_modules/@aws-sdk/client-dynamodb/dist-cjs/index.js',
      '@aws-sdk/client-dynamodb/dist-cjs/index.js',
      '@aws-sdk/client-dynamodb',
    ],
    ['webpack://botflow/webpack/bootstrap', '(webpack)/webpack/bootstrap', '(webpack)'],
    ['../src/handler.ts', './src/handler.ts', '(app)'],
    ['../node_modules/.pnpm/x@1.0.0/node_modules/x/lib/a.js', 'x/lib/a.js', 'x'],
    ['file:///var/task/src/a.js', './src/a.js', '(app)'],
    ['/srv/elsewhere/lib/b.js', '(external)/lib/b.js', '(external)'],
    ['/opt/nodejs/lib/c.js', '(layer)/nodejs/lib/c.js', '(layer)'],
  ])('names %s as %s', (source, file, pkg) => {
    expect(sourceName(source, '/var/task')).toEqual({ file, package: pkg });
  });
});

describe('source names of a bundle built outside the function folder', () => {
  it('cuts the project folder the map sources share, whatever the build machine layout', () => {
    // esbuild output in a build folder, sources in a CI workspace: relative paths climb out.
    const sources = [
      '../../../builds/ci-7/app/src/handler.ts',
      '../../../builds/ci-7/app/src/flows/reply.ts',
      '../../../builds/ci-7/app/node_modules/.pnpm/jose@6.0.0/node_modules/jose/dist/index.js',
    ];
    const root = mapProjectRoot(sources);
    expect(root).toBe('../../../builds/ci-7/app/');
    expect(sourceNameInMap(sources[1]!, '/var/task', root)).toEqual({ file: './src/flows/reply.ts', package: '(app)' });
    expect(sourceNameInMap(sources[2]!, '/var/task', root)).toEqual({ file: 'jose/dist/index.js', package: 'jose' });
    // Resolved to file URLs (Node with --enable-source-maps): same names.
    const urls = ['file:///builds/ci-7/app/src/handler.ts', 'file:///builds/ci-7/app/src/db.ts'];
    const fromUrls = mapProjectRoot(urls);
    expect(sourceNameInMap(urls[1]!, '/var/task', fromUrls)).toEqual({ file: './src/db.ts', package: '(app)' });
    // No machine segment survives in either form.
    for (const source of [...sources, ...urls])
      expect(sourceNameInMap(source, '/var/task', mapProjectRoot([...sources, ...urls])).file).not.toMatch(
        /builds|ci-7/,
      );
  });

  it('keeps the usual names when the sources do not climb out (or are webpack URLs)', () => {
    // esbuild's usual layout (dist/ next to src/, dependencies external): nothing to cut.
    expect(mapProjectRoot(['../src/a.ts', '../src/b/c.ts'])).toBeNull();
    expect(sourceNameInMap('../src/a.ts', '/var/task', null)).toEqual({ file: './src/a.ts', package: '(app)' });
    expect(mapProjectRoot(['../src/a.ts', '../node_modules/x/i.js'])).toBe('../');
    expect(sourceNameInMap('../src/a.ts', '/var/task', '../')).toEqual({ file: './src/a.ts', package: '(app)' });
    expect(mapProjectRoot(['webpack://app/./src/a.ts'])).toBeNull();
    expect(mapProjectRoot(['../a.ts', '../b.ts'])).toBeNull();
  });
});
