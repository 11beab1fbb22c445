// `pnpm bench`: every speed goal of the middleware, variants interleaved in one run, ratios printed.
// Targets: warm invocation ≤ +10 % median / ≤ +15 % p90; enabled:false within 1 µs; import ≤ 5 ms;
// register entry ≤ +10 % import time on ≈ 150 files. Shorten with BENCH_ROUNDS.
import { importBench, printImport } from './import-cost.mjs';
import { invocationBench, printInvocation } from './invocation.mjs';
import { printRegister, registerBench } from './register.mjs';

const rounds = Number(process.env.BENCH_ROUNDS ?? 10);
printInvocation(await invocationBench({ rounds, perRound: 500 }));
printImport(importBench(Math.max(5, rounds)));
printRegister(registerBench(Math.max(5, rounds)));
