import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RECOMMENDATION_IDS } from '../../src/recommendations/catalog.js';

const docs = (name: string) => readFileSync(new URL(`../../../../docs/${name}`, import.meta.url), 'utf8');

describe('recommendation catalogue', () => {
  it('has exactly one `## <id>` section per recommendation id', () => {
    const headings = [...docs('recommendations.md').matchAll(/^## ([a-z0-9-]+)$/gm)].map((m) => m[1]);
    expect([...headings].sort()).toEqual([...RECOMMENDATION_IDS].sort());
  });

  it('is linked from the README and the user guide, with the report guide', () => {
    const readme = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain('docs/recommendations.md');
    expect(readme).toContain('docs/report.md');
    expect(docs('index.md')).toContain('(recommendations.md)');
    expect(docs('index.md')).toContain('(report.md)');
  });
});
