// Interleaved micro-benchmark: every round runs each variant once (in rotating order), so the
// machine's drift (±30 % over minutes) hits all variants alike; medians over rounds are compared.

/** @param {Record<string, () => Promise<void> | void>} variants  @param {{ rounds: number, perRound: number }} options */
export async function interleave(variants, { rounds, perRound }) {
  const names = Object.keys(variants);
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(round + i) % names.length];
      const fn = variants[name];
      const start = process.hrtime.bigint();
      for (let k = 0; k < perRound; k++) await fn();
      const ns = Number(process.hrtime.bigint() - start);
      samples[name].push(ns / perRound / 1000);
    }
  }
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)];
  };
  return Object.fromEntries(names.map((n) => [n, median(samples[n])]));
}

export function printResults(title, results, baseline) {
  console.log(`\n${title}`);
  const base = results[baseline];
  for (const [name, us] of Object.entries(results)) {
    const delta = us - base;
    console.log(
      `  ${name.padEnd(44)} ${us.toFixed(2).padStart(9)} µs/op   ratio ${(us / base).toFixed(3)}   +${delta.toFixed(2)} µs`,
    );
  }
}
