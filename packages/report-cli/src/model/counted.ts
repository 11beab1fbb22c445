/**
 * `1 cold start`, `3 cold starts`: a count and its noun, plural by `s` (every noun the report counts
 * takes one). Shared by the pipeline's method line, the recommendations' evidence and the renderer.
 */
export function counted(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
