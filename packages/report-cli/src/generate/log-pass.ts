import type { LogStore } from '../model/log-store.js';
import { readCloudWatchEvents } from '../readers/cloudwatch-events.js';
import type { Diagnostics } from '../readers/diagnostics.js';
import { endOfLogText, type LineContext, readLogLine } from '../readers/lambda-log.js';
import { forEachLine } from '../readers/lines.js';
import type { ClassifiedInput } from './inputs.js';
import type { ReadMeter } from './read-meter.js';

/** Reads the log inputs into the store: REPORT lines reduced to numbers by request id. */
export async function readLogs(
  inputs: readonly ClassifiedInput[],
  store: LogStore,
  diag: Diagnostics,
  meter?: ReadMeter,
): Promise<void> {
  for (const input of inputs) {
    if (input.format === 'cloudwatch-log-events') await readCloudWatchEvents(input.path, store, diag, meter?.onBytes);
    else {
      const file = input.path;
      // `aws logs tail` lines set stream and time on it (see readLogLine); plain text keeps the file.
      const ctx: LineContext = {
        file,
        line: 0,
        stream: file,
        isLogStream: false,
        timestampMs: undefined,
        pretty: null,
      };
      // Default (4 MB) chunks, although every string the store keeps is a detached copy: 64 KB
      // chunks made the log pass alone ~10 % cheaper, but the NDJSON run of 100,000 invocations
      // (trace pass after it) took 11.3 s CPU instead of main's 6.8 s (medians of 6, ABBA) and
      // +90 MB peak RSS.
      await forEachLine(
        file,
        (line, lineNo) => {
          ctx.line = lineNo;
          readLogLine(line, ctx, store, diag);
        },
        { onBytes: meter?.onBytes },
      );
      endOfLogText(ctx, diag);
    }
    meter?.done(input);
  }
}
