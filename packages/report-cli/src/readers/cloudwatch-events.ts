import { InputError } from '../cli/errors.js';
import type { LogStore } from '../model/log-store.js';
import type { Diagnostics } from './diagnostics.js';
import { readLogLine } from './lambda-log.js';
import { parseJsonFile } from './xray.js';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * `aws logs filter-log-events` (`{events:[{logStreamName, timestamp, message, …}]}`) and
 * `get-log-events` (`{events:[{timestamp, message, ingestionTime}]}`) output, one page or an array of
 * pages. A message may hold several lines (REPORT, then the XRAY part after a line break).
 */
export async function readCloudWatchEvents(file: string, store: LogStore, diag: Diagnostics): Promise<void> {
  const value = await parseJsonFile(file);
  const pages = Array.isArray(value) && value.every((p) => isObject(p) && Array.isArray(p.events)) ? value : [value];
  for (const [p, page] of pages.entries()) {
    const events = isObject(page) && Array.isArray(page.events) ? page.events : Array.isArray(page) ? page : null;
    if (!events) throw new InputError('missing or not an array', { file, field: 'events' });
    events.forEach((event, i) => {
      const field = pages.length > 1 ? `[${p}].events[${i}]` : `events[${i}]`;
      if (!isObject(event) || typeof event.message !== 'string') {
        diag.warn({ file, field: `${field}.message` }, 'missing or not a string; event skipped');
        return;
      }
      const streamName = typeof event.logStreamName === 'string' ? event.logStreamName : null;
      const ctx = {
        file,
        line: 0,
        stream: streamName ?? file,
        isLogStream: streamName !== null,
        timestampMs: typeof event.timestamp === 'number' ? event.timestamp : undefined,
      };
      for (const line of event.message.split('\n')) {
        const trimmed = line.endsWith('\r') ? line.slice(0, -1) : line;
        if (trimmed.trim().length > 0) readLogLine(trimmed.replace(/\t+$/, ''), { ...ctx }, store, diag);
      }
    });
  }
}
