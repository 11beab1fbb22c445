import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/renderers/markdown.js';
import { reportExample } from '../helpers/report-example.js';

const line = (md: string) => md.split('\n').find((l) => l.startsWith('**Right-sizing:**'));

describe('the Markdown right-sizing line', () => {
  const sized = (recommendedMemoryMb: number, source: 'files' | 'local' = 'files') => ({
    ...reportExample(),
    source,
    rightSizing: {
      currentMemoryMb: 1024,
      recommendedMemoryMb,
      cpuBoundPct: 12.4,
      predictedAvgMs: 606.1,
      monthlySavingsUsd: recommendedMemoryMb === 1024 ? 0 : 41.5,
      evidence: [],
    },
  });

  it('gives the change and its dollars per month', () => {
    expect(line(renderMarkdown(sized(512)))).toBe(
      '**Right-sizing:** 1024 MB → 512 MB (CPU-bound 12.4%, predicted average 606.1 ms, $41.50/month).',
    );
  });

  it('leaves out a saving of nothing when the size stays, and says a local prediction is for Lambda', () => {
    expect(line(renderMarkdown(sized(1024, 'local')))).toBe(
      "**Right-sizing:** 1024 MB is already the cheapest size within 10% of today's speed (CPU-bound 12.4%, predicted average on Lambda (local CPU scaled to the memory size) 606.1 ms).",
    );
  });
});
