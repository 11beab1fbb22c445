import v8 from 'node:v8';

/** The cheap probe (≈ 0.4 µs): V8 heap used and total, bytes. */
export function heapProbe(): { used: number; total: number } {
  const stats = v8.getHeapStatistics();
  return { used: stats.used_heap_size, total: stats.total_heap_size };
}

/** Peak resident set size of the process so far, bytes (≈ 0.55 µs; `maxRSS` is in KiB). */
export function peakRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}

let configured: number | null | undefined;

/** Configured memory size (`AWS_LAMBDA_FUNCTION_MEMORY_SIZE`), null when unknown. Read once. */
export function configuredMemoryMb(): number | null {
  if (configured === undefined) {
    const value = Number(process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE);
    configured = Number.isFinite(value) && value > 0 ? value : null;
  }
  return configured;
}

/** Test seam: re-read the configured memory size. */
export function resetConfiguredMemory(): void {
  configured = undefined;
}
