import type { AnnotationValue } from '../contract/types.js';

const KEY = /^[a-zA-Z0-9_]{1,100}$/;
const MAX_KEYS = 10;
const MAX_STRING = 250;

/**
 * Keeps only values X-Ray accepts as annotations (string, finite number, boolean) under
 * alphanumeric keys, at most 10 of them, strings cut to 250 characters. Returns undefined when
 * nothing is left. Bounded so a handler cannot blow the 8 kB handler-document budget.
 */
export function sanitizeAttributes(input: Record<string, unknown>): Record<string, AnnotationValue> | undefined {
  let out: Record<string, AnnotationValue> | undefined;
  let count = 0;
  for (const key in input) {
    if (count >= MAX_KEYS) break;
    if (!KEY.test(key)) continue;
    const value = input[key];
    let kept: AnnotationValue | undefined;
    if (typeof value === 'string') kept = value.length > MAX_STRING ? value.slice(0, MAX_STRING) : value;
    else if (typeof value === 'number') kept = Number.isFinite(value) ? value : undefined;
    else if (typeof value === 'boolean') kept = value;
    if (kept === undefined) continue;
    out ??= {};
    out[key] = kept;
    count++;
  }
  return out;
}
