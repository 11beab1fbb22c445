import type { FunctionUrlEvent } from '../../http/function-url.js';
import { platformOfPath } from '../../platforms/index.js';

/** The traffic generator labels each request with its scenario; real traffic has none. */
export const SCENARIO_HEADER = 'x-botflow-scenario';

/**
 * Annotations for every invocation: the platform (from the webhook path) and the scenario label.
 * Only short, known-shaped values: nothing from the payload, no secrets.
 */
export function botflowAnnotations(event: FunctionUrlEvent): Record<string, string> {
  const platform = platformOfPath(event.rawPath ?? '') ?? 'unknown';
  const header = Object.entries(event.headers ?? {}).find(([name]) => name.toLowerCase() === SCENARIO_HEADER)?.[1];
  const scenario = header !== undefined && /^[a-z0-9-]{1,40}$/.test(header) ? header : 'live';
  return { platform, scenario };
}
