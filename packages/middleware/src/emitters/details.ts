import { LIMITS } from '../contract/names.js';
import type { DetailsRecord } from '../contract/types.js';
import type { Recording } from '../recording/recording.js';

/** Span subsegments nested into the details document for the timeline, at most. */
export const MAX_SPAN_SUBSEGMENTS = 100;
// A span subsegment without metadata: id, name, two times and JSON punctuation.
const SPAN_SUBSEGMENT_BYTES = 110;

function spanSubsegmentBytes(details: DetailsRecord): number {
  let bytes = 0;
  const n = Math.min(details.spans.length, MAX_SPAN_SUBSEGMENTS);
  for (let i = 0; i < n; i++) bytes += SPAN_SUBSEGMENT_BYTES + (details.spans[i]?.name.length ?? 0);
  return bytes;
}

/**
 * The details document of an invocation, within the 64 kB X-Ray document limit (LIMITS.documentBytes,
 * the nested span subsegments counted): entries are dropped from the end (later spans only point at
 * earlier ones, so parents stay valid) and counted in `truncated`; never the whole document.
 */
export function buildDetails(recording: Recording, budget: number = LIMITS.documentBytes): DetailsRecord {
  const details: DetailsRecord = {
    v: 1,
    kind: 'details',
    requestId: recording.requestId,
    spans: recording.spans.slice(),
    calls: recording.calls.slice(),
  };
  let droppedSpans = recording.droppedSpans;
  let droppedCalls = recording.droppedCalls;
  const size = () => JSON.stringify(details).length + spanSubsegmentBytes(details) + 200;
  let bytes = size();
  while (bytes > budget && (details.spans.length > 0 || details.calls.length > 0)) {
    // Drop a quarter of the larger list (at least one entry) and measure again.
    if (details.calls.length >= details.spans.length) {
      const drop = Math.max(1, Math.ceil(details.calls.length / 4));
      details.calls.length -= drop;
      droppedCalls += drop;
    } else {
      const drop = Math.max(1, Math.ceil(details.spans.length / 4));
      details.spans.length -= drop;
      droppedSpans += drop;
    }
    bytes = size();
  }
  if (droppedSpans > 0 || droppedCalls > 0) details.truncated = { spans: droppedSpans, calls: droppedCalls };
  return details;
}
