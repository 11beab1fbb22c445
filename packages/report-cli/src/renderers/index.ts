import type { ProfilingReport } from '../contracts/report-types.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';

/** Every renderer by output format (`--format`): pure functions from a report to a string. */
export const RENDERERS = {
  md: renderMarkdown,
  json: renderJson,
} satisfies Record<string, (report: ProfilingReport) => string>;

export type RendererName = keyof typeof RENDERERS;
export { renderJson, renderMarkdown };
