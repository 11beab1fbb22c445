import { describe, expect, it } from 'vitest';
import type { ExecutionEnvironment } from '../../../src/runner/environment.js';
import { EnvironmentPool } from '../../../src/runner/pool.js';

/** A stand-in environment: the pool only reads `alive`, `requestIds` and calls `shutdown`. */
function fakeEnvironment(name: number) {
  const env = {
    name,
    alive: true,
    requestIds: [] as string[],
    endReason: null as string | null,
    closed: Promise.resolve(),
    shutdown: async (reason: string) => {
      env.alive = false;
      env.endReason = reason;
    },
  };
  return env;
}

function pool(concurrency: number, recycleAfter = 0) {
  let n = 0;
  return new EnvironmentPool(() => fakeEnvironment(++n) as unknown as ExecutionEnvironment, {
    concurrency,
    recycleAfter,
  });
}

const nameOf = (env: ExecutionEnvironment) => (env as unknown as { name: number }).name;

describe('EnvironmentPool', () => {
  it('reuses an idle environment before starting a new one', async () => {
    const p = pool(3);
    const a = await p.acquire();
    p.release(a);
    const b = await p.acquire();
    expect(nameOf(b)).toBe(1);
    expect(p.all).toHaveLength(1);
  });

  it('starts a new environment only while all are busy, up to the concurrency', async () => {
    const p = pool(2);
    const a = await p.acquire();
    const b = await p.acquire();
    let third: ExecutionEnvironment | undefined;
    const waiting = p.acquire().then((env) => {
      third = env;
    });
    await Promise.resolve();
    expect(third).toBeUndefined();
    expect(p.live).toBe(2);
    p.release(b);
    await waiting;
    expect(nameOf(third!)).toBe(2);
    expect(nameOf(a)).toBe(1);
  });

  it('replaces a dead environment for a waiting caller', async () => {
    const p = pool(1);
    const a = await p.acquire();
    const waiting = p.acquire();
    (a as unknown as { alive: boolean }).alive = false;
    p.release(a);
    expect(nameOf(await waiting)).toBe(2);
    expect(p.live).toBe(1);
  });

  it('recycles an environment after the given number of invocations', async () => {
    const p = pool(1, 2);
    const a = await p.acquire();
    a.requestIds.push('r1');
    p.release(a);
    const again = await p.acquire();
    expect(again).toBe(a);
    a.requestIds.push('r2');
    p.release(a);
    expect(a.endReason).toBe('recycled');
    expect(nameOf(await p.acquire())).toBe(2);
  });

  it('drains idle environments', async () => {
    const p = pool(2);
    const a = await p.acquire();
    p.release(a);
    await p.drain();
    expect(a.endReason).toBe('drained');
    expect(p.live).toBe(0);
  });
});
