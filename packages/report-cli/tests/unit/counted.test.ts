import { describe, expect, it } from 'vitest';
import { counted } from '../../src/model/counted.js';

describe('counted', () => {
  it('puts the noun in the singular for exactly one, the plural otherwise', () => {
    expect(counted(1, 'cold start')).toBe('1 cold start');
    expect(counted(0, 'cold start')).toBe('0 cold starts');
    expect(counted(3, 'call')).toBe('3 calls');
    expect(counted(1.5, 'call')).toBe('1.5 calls');
    expect(counted(1, 'retry', 'retries')).toBe('1 retry');
    expect(counted(2, 'retry', 'retries')).toBe('2 retries');
  });
});
