import { describe, expect, it } from 'vitest';
import { badDocField } from '../../src/readers/xray.js';

const doc = (traceId: unknown) => ({ id: 'a1', name: 'fn', start_time: 1, end_time: 2, trace_id: traceId });

describe('X-Ray trace id check', () => {
  it('accepts exactly what /^1-[0-9a-f]{8}-[0-9a-f]{24}$/ accepts', () => {
    const good = '1-66bfd54d-6b379b8727b6273f7675338c';
    const ids = [
      good,
      '1-00000000-000000000000000000000000',
      '1-ffffffff-ffffffffffffffffffffffff',
      '1-66BFD54D-6b379b8727b6273f7675338c',
      '1-66bfd54d-6b379b8727b6273f7675338C',
      '1-66bfd54d-6b379b8727b6273f7675338g',
      '1-66bfd54g-6b379b8727b6273f7675338c',
      '2-66bfd54d-6b379b8727b6273f7675338c',
      '1_66bfd54d-6b379b8727b6273f7675338c',
      '1-66bfd54d_6b379b8727b6273f7675338c',
      '1-66bfd54d-6b379b8727b6273f7675338',
      '1-66bfd54d-6b379b8727b6273f7675338cc',
      '1-66bfd54d-6b379b8727b6273f7675338\n',
      '1-66bfd54d-6b379b8727b6273f76753 8c',
      '1-66bfd54d-6b379b8727b6273f7675338ç',
      '1-66bfd54d6-b379b8727b6273f7675338c',
      '',
    ];
    // Every one twice, after a different id: the remembered last id must not let a bad one through.
    for (const id of [...ids, ...ids.reverse(), good, good]) {
      const expected = /^1-[0-9a-f]{8}-[0-9a-f]{24}$/.test(id);
      expect(badDocField(doc(id)) === null, id).toBe(expected);
    }
    expect(badDocField(doc(42))?.field).toBe('trace_id');
    expect(badDocField(doc(undefined), good)).toBeNull();
  });
});
