/**
 * The planted bottlenecks, each behind its own fix switch so every saving can be measured alone.
 * `BOTFLOW_FIX=dynamodb-batch-reads,http-keep-alive` turns the named fixes on; `BOTFLOW_OPTIMIZED=1`
 * turns all of them on. The ids are the recommendation ids the report must produce for each plant.
 */
export const FIX_IDS = [
  'dynamodb-batch-reads',
  'dynamodb-projection',
  'dynamodb-scan-to-query',
  'http-keep-alive',
  'http-parallelize',
  'init-lazy-load',
  'cpu-hot-function',
  'memory-heavy-operation',
] as const;

export type FixId = (typeof FIX_IDS)[number];

export type Fixes = ReadonlySet<FixId>;

function isFixId(value: string): value is FixId {
  return (FIX_IDS as readonly string[]).includes(value);
}

/** Reads `BOTFLOW_FIX` / `BOTFLOW_OPTIMIZED`. An unknown id is an error: a typo must not measure nothing. */
export function parseFixes(env: Record<string, string | undefined>): Fixes {
  const optimized = env.BOTFLOW_OPTIMIZED;
  if (optimized === '1' || optimized === 'true') return new Set(FIX_IDS);
  const raw = env.BOTFLOW_FIX ?? '';
  const fixes = new Set<FixId>();
  for (const part of raw.split(',')) {
    const id = part.trim();
    if (id === '') continue;
    if (!isFixId(id)) throw new Error(`BOTFLOW_FIX: unknown fix "${id}" (known: ${FIX_IDS.join(', ')})`);
    fixes.add(id);
  }
  return fixes;
}
