/**
 * A copy of `text` that keeps nothing else alive. V8 makes a slice of 13 or more characters a view
 * into the string it was cut from, so a request id sliced from a log line kept its whole 4 MB read
 * chunk: the 100,000 REPORT lines of the scale benchmark kept all 36 MB of the log file alive
 * through the trace pass. Slicing across both ends of a concatenation makes V8 flatten it into a
 * new string first (≈ 60 ns an id); a slice inside one part would still point at the chunk.
 */
export function detachedCopy(text: string): string {
  return `"${text}"`.slice(1, -1);
}
