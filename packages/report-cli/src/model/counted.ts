/**
 * `1 cold start`, `3 cold starts`, `1 retry`, `2 retries`: a count and its noun, plural by `s` unless
 * given. Shared by the pipeline's method line and notes, the recommendations' evidence and the renderers.
 */
export function counted(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}
