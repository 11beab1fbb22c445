import { describe, expect, it } from 'vitest';
import { EsmBlocks } from '../../src/register/esm-blocks.js';

describe('EsmBlocks', () => {
  it('finds the modules each module loaded first, and no module already evaluated elsewhere', () => {
    // app imports a, b; a imports shared, leaf; b imports shared (already evaluated by a).
    const blocks = new EsmBlocks();
    const ids = { app: 0, a: 1, b: 2, shared: 3, leaf: 4 };
    for (const [name, id] of Object.entries(ids)) blocks.module(id, `file:///${name}.js`);
    const edge = (p: string, c: string) => blocks.edge(`file:///${p}.js`, `file:///${c}.js`);
    edge('app', 'a');
    edge('app', 'b');
    edge('a', 'shared');
    edge('a', 'leaf');
    edge('b', 'shared');
    // Depth-first evaluation: shared(10) leaf(20) a(30) b(40) app(50); numbers are body start times.
    expect(blocks.finish(ids.shared, 10)).toEqual({ blockStartMs: 10, owns: [] });
    expect(blocks.finish(ids.leaf, 20)).toEqual({ blockStartMs: 20, owns: [] });
    expect(blocks.finish(ids.a, 30)).toEqual({ blockStartMs: 10, owns: [ids.leaf, ids.shared] });
    // b imports shared, but shared finished inside a's block: b owns nothing.
    expect(blocks.finish(ids.b, 40)).toEqual({ blockStartMs: 40, owns: [] });
    expect(blocks.finish(ids.app, 50)).toEqual({ blockStartMs: 10, owns: [ids.b, ids.a] });
  });

  it('stops at a module that is not a direct import (evaluated before for someone else)', () => {
    const blocks = new EsmBlocks();
    blocks.module(0, 'file:///x.js');
    blocks.module(1, 'file:///y.js');
    blocks.module(2, 'file:///z.js');
    blocks.edge('file:///z.js', 'file:///y.js');
    blocks.finish(0, 1); // x: unrelated, finished earlier
    blocks.finish(1, 2);
    expect(blocks.finish(2, 3)).toEqual({ blockStartMs: 2, owns: [1] });
  });
});
