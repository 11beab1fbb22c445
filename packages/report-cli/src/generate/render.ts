import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ProfilingReport } from '../contracts/report-types.js';
import { RENDERERS } from '../renderers/index.js';
import type { ReportFormat } from './options.js';

/** The report in one format (`md` or `json`), as a string. */
export function renderReport(report: ProfilingReport, format: ReportFormat): string {
  return RENDERERS[format](report);
}

/** Writes `<prefix>.<format>` for each format (folders created); returns the paths written. */
export function writeReport(report: ProfilingReport, formats: readonly ReportFormat[], prefix: string): string[] {
  const written: string[] = [];
  for (const format of formats) {
    const path = `${prefix}.${format}`;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, renderReport(report, format));
    written.push(path);
  }
  return written;
}

/** `docs/profiling-report-<YYYY-MM-DD>` (DESIGN.md's default prefix). */
export function defaultPrefix(now: Date = new Date()): string {
  return `docs/profiling-report-${now.toISOString().slice(0, 10)}`;
}
