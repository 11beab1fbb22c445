import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OpenRequests } from '../../src/model/open-requests.js';

describe('OpenRequests', () => {
  it('has the size a Set would have after any adds and deletes', () => {
    const op = fc.tuple(fc.boolean(), fc.constantFrom('a', 'b', 'c', 'd'));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const open = new OpenRequests();
        const reference = new Set<string>();
        for (const [add, id] of ops) {
          if (add) {
            open.add(id);
            reference.add(id);
          } else {
            open.delete(id);
            reference.delete(id);
          }
          expect(open.size).toBe(reference.size);
        }
      }),
    );
  });

  it('compares ids by value (slices of different chunks)', () => {
    const open = new OpenRequests();
    open.add('xx-625955cc'.slice(3));
    open.delete('yy-625955cc'.slice(3));
    expect(open.size).toBe(0);
  });
});
