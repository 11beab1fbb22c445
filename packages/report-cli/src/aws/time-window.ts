import { UsageError } from '../cli/errors.js';

/** A time range in epoch milliseconds, end exclusive. */
export interface TimeWindow {
  startMs: number;
  endMs: number;
}

/** GetTraceSummaries is queried in windows of at most 6 hours (the X-Ray console's own limit). */
export const MAX_TRACE_WINDOW_MS = 6 * 60 * 60 * 1000;

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90s`, `30m`, `1h`, `1.5h`, `2d` → milliseconds. */
export function parseDuration(text: string, flag = '--since'): number {
  const m = /^(\d+(?:\.\d+)?)\s*([smhd])$/.exec(text.trim());
  if (!m) throw new UsageError(`${flag}: expected a duration like 30m, 1h or 2d, got "${text}"`);
  const ms = Number(m[1]) * UNIT_MS[m[2]!]!;
  if (ms <= 0) throw new UsageError(`${flag}: must be longer than 0, got "${text}"`);
  return ms;
}

function parseTime(text: string, flag: string): number {
  // Date-only and offset-less times are taken as UTC, so the same flags mean the same window everywhere.
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(text)
    ? `${text}T00:00:00Z`
    : /[zZ]|[+-]\d{2}:?\d{2}$/.test(text)
      ? text
      : `${text}Z`;
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms))
    throw new UsageError(`${flag}: expected an ISO-8601 time like 2026-11-28T10:00:00Z, got "${text}"`);
  return ms;
}

/** `--since D` or `--start ISO --end ISO` (exactly one form), against `now`. */
export function resolveWindow(
  options: { since?: string; start?: string; end?: string },
  now: number = Date.now(),
): TimeWindow {
  if (options.since !== undefined && (options.start !== undefined || options.end !== undefined)) {
    throw new UsageError('--since cannot be combined with --start/--end');
  }
  if (options.since !== undefined) return { startMs: now - parseDuration(options.since), endMs: now };
  if (options.start === undefined)
    throw new UsageError('--from-aws needs --since <duration> or --start <ISO> [--end <ISO>]');
  const startMs = parseTime(options.start, '--start');
  const endMs = options.end === undefined ? now : parseTime(options.end, '--end');
  if (endMs <= startMs) throw new UsageError('--end must be after --start');
  if (startMs > now) throw new UsageError('--start is in the future');
  return { startMs, endMs: Math.min(endMs, now) };
}

/** Consecutive windows of at most `maxMs`, newest first (GetTraceSummaries pages newest first too). */
export function splitWindow(window: TimeWindow, maxMs: number = MAX_TRACE_WINDOW_MS): TimeWindow[] {
  const out: TimeWindow[] = [];
  for (let end = window.endMs; end > window.startMs; end -= maxMs) {
    out.push({ startMs: Math.max(window.startMs, end - maxMs), endMs: end });
  }
  return out;
}

export function isoOf(ms: number): string {
  return new Date(ms).toISOString();
}
