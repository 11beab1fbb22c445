import { reportSchemaId } from '../contracts/report-schema.js';
import type { ProfilingReport } from '../contracts/report-types.js';

/** The report as JSON, with `$schema` first so other tools can validate it. Pure. */
export function renderJson(report: ProfilingReport): string {
  const { $schema: _ignored, ...rest } = report;
  return `${JSON.stringify({ $schema: reportSchemaId, ...rest }, null, 2)}\n`;
}
