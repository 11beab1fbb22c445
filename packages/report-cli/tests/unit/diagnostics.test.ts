import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../../src/readers/diagnostics.js';

describe('Diagnostics', () => {
  it('tells the listener every warning with its own location, past the ones it keeps too', () => {
    const diag = new Diagnostics(5);
    const told: string[] = [];
    diag.listener = (line) => told.push(line);
    for (let line = 1; line <= 8; line++) diag.warn({ file: 'f.ndjson', line, field: 'id' }, 'missing');
    expect(diag.warningCount).toBe(8);
    expect(diag.warnings).toHaveLength(5);
    expect(told).toHaveLength(8);
    // Before, a warning past the kept ones was told as the last kept one.
    expect(told[7]).toBe('f.ndjson:8: id: missing');
    expect(told.slice(0, 5)).toEqual(diag.warnings);
  });
});
