import type { LogStore } from '../model/log-store.js';
import { readCloudWatchEvents } from '../readers/cloudwatch-events.js';
import type { Diagnostics } from '../readers/diagnostics.js';
import { endOfLogText, type LineContext, readLogLine } from '../readers/lambda-log.js';
import { forEachLine, SMALL_CHUNK_BYTES } from '../readers/lines.js';
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
      // 64 KB chunks (young strings) since the store keeps REPORT ids as bytes: 4 MB chunks are
      // large objects, each on freshly mapped pages, and the full NDJSON run of 100,000 invocations
      // took 4.70-4.96 s instead of 4.98-5.28 s with them (4 interleaved pairs, 2026-11-29), with
      // 3,500 fewer page faults. While the store kept the ids as strings, the chunks they were
      // copied from grew the young generation, and 64 KB chunks were much slower (11.3 s CPU
      // against 6.8 s).
      await forEachLine(
        file,
        (line, lineNo) => {
          ctx.line = lineNo;
          readLogLine(line, ctx, store, diag);
        },
        { onBytes: meter?.onBytes, chunkBytes: SMALL_CHUNK_BYTES },
      );
      endOfLogText(ctx, diag);
    }
    meter?.done(input);
  }
}
