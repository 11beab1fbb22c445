/** A small seeded PRNG (mulberry32): the same seed gives the same directory, seed data and traffic. */
export interface Random {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** Standard normal variate (Box–Muller). */
  normal(): number;
  chance(probability: number): boolean;
  hex(length: number): string;
}

export function createRandom(seed: number): Random {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error('pick from an empty list');
      return item;
    },
    normal: () => {
      const u = 1 - next();
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    chance: (probability) => next() < probability,
    hex: (length) => {
      let out = '';
      for (let i = 0; i < length; i++) out += Math.floor(next() * 16).toString(16);
      return out;
    },
  };
}

/** A latency sample: lognormal around `medianMs`, `sigma` sets the tail (0.5 ≈ p99 at 3.2 × median). */
export function lognormalMs(random: Random, medianMs: number, sigma: number): number {
  return medianMs * Math.exp(sigma * random.normal());
}
