import { performance } from 'node:perf_hooks';

/**
 * Wall-clock epoch ms with sub-millisecond precision. The runtime bootstrap uses the same formula,
 * so times measured in the runner and in an environment are comparable.
 */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}
