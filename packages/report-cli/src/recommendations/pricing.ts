import type { Architecture } from '../contracts/report-types.js';

/** us-east-1, first tier (reference/formats.md §7); configurable because prices differ by region. */
export const DEFAULT_PRICES = {
  x86_64: 0.0000166667,
  arm64: 0.0000133334,
  perRequest: 0.0000002,
} as const;

/** 1,769 MB = one vCPU; Node runs JavaScript on one thread, so more memory stops helping there. */
export const ONE_VCPU_MB = 1769;

export interface Pricing {
  /** Price per GB-second of the function's current architecture. */
  gbSecond: number;
  /** Price per GB-second on arm64 (for the arm64 comparison). */
  armGbSecond: number;
  perRequest: number;
  invocationsPerMonth: number | null;
  invocationsSource: 'given' | 'observed' | null;
}

export function pricingFor(
  architecture: Architecture | null,
  given: { pricePerGbSecond?: number; pricePerRequest?: number },
): Pricing {
  const arch = architecture ?? 'x86_64';
  const gbSecond = given.pricePerGbSecond ?? DEFAULT_PRICES[arch];
  // A given price is for the current architecture; arm64 keeps AWS's ratio to it.
  const armGbSecond =
    arch === 'arm64'
      ? gbSecond
      : given.pricePerGbSecond !== undefined
        ? gbSecond * (DEFAULT_PRICES.arm64 / DEFAULT_PRICES.x86_64)
        : DEFAULT_PRICES.arm64;
  return {
    gbSecond,
    armGbSecond,
    perRequest: given.pricePerRequest ?? DEFAULT_PRICES.perRequest,
    invocationsPerMonth: null,
    invocationsSource: null,
  };
}

/** Cost of one invocation: the request plus GB-seconds of billed time (1 ms granularity). */
export function invocationCost(memoryMb: number, billedMs: number, gbSecond: number, perRequest: number): number {
  return perRequest + (memoryMb / 1024) * (Math.ceil(billedMs) / 1000) * gbSecond;
}

/** Dollars per month of `ms` saved on a share of the invocations. */
export function monthlyUsdOfMs(ms: number, share: number, memoryMb: number, pricing: Pricing): number | null {
  if (pricing.invocationsPerMonth === null) return null;
  return (ms / 1000) * (memoryMb / 1024) * pricing.gbSecond * share * pricing.invocationsPerMonth;
}

/** CPU share of a vCPU at a memory size (Lambda scales CPU with memory up to one vCPU for one thread). */
export function cpuFraction(memoryMb: number): number {
  return Math.min(memoryMb, ONE_VCPU_MB) / ONE_VCPU_MB;
}

export const MEMORY_STEPS = [128, 256, 512, 768, 1024, 1536, 1769, 2048, 3008] as const;
