import type { InitRecord } from '@lambda-profiler/middleware/contract';
import { describe, expect, it } from 'vitest';
import { importsAnalyzer } from '../../src/analyzers/imports.js';
import type { Invocation } from '../../src/model/types.js';

const init = {
  v: 1,
  kind: 'init',
  imports: {
    source: 'bundle',
    bundle: { bundler: 'esbuild', bytes: 900_000 },
    count: 3,
    totalMs: 180,
    modules: [
      { module: 'lodash/lodash.js', package: 'lodash', format: 'bundle', ms: 90, selfMs: 90, bytes: 550_000 },
      { module: './src/flows.ts', package: '(app)', format: 'bundle', ms: 60, selfMs: 60, bytes: 20_000 },
    ],
    packages: [
      { package: 'lodash', files: 1, ms: 90, selfMs: 90, bytes: 550_000 },
      { package: '(app)', files: 2, ms: 60, selfMs: 60, bytes: 20_000 },
    ],
    omitted: 0,
  },
} as unknown as InitRecord;

describe('importsAnalyzer on a bundled function', () => {
  it('reads module timings measured inside a bundle, with each package bytes in the bundle', () => {
    // Prepare
    const analyzer = importsAnalyzer();

    // Act
    analyzer.add({ profiler: { init } } as unknown as Invocation, []);
    const result = analyzer.finish();

    // Assess
    expect(result.measured).toBe(true);
    expect(result.largest).toEqual({ module: 'lodash/lodash.js', ms: 90 });
    expect(result.packages).toEqual([
      { package: 'lodash', files: 1, ms: 90, selfMs: 90, bytes: 550_000 },
      { package: '(app)', files: 2, ms: 60, selfMs: 60, bytes: 20_000 },
    ]);
  });
});
