import { describe, expect, it } from 'vitest';
import {
  billedDurationMs,
  endLine,
  initReportLine,
  memoryUsedMb,
  reportLine,
  startLine,
  timeoutLine,
} from '../../../src/runner/platform-log.js';

describe('platform log lines', () => {
  it('writes a cold REPORT line with init duration and the XRAY triple, tab-separated', () => {
    const line = reportLine({
      requestId: 'c793869b-ee49-115b-a5b6-4fd21e8dedac',
      durationMs: 128.834,
      billedDurationMs: billedDurationMs(128.834, 166.62),
      memorySizeMb: 128,
      maxMemoryUsedMb: 74,
      initDurationMs: 166.62,
      xray: { traceId: '1-5d9d007f-0a8c7fd02a8b480aed55ef00', segmentId: '3d752a0b1bbe37e0', sampled: true },
    });
    expect(line).toBe(
      'REPORT RequestId: c793869b-ee49-115b-a5b6-4fd21e8dedac\tDuration: 128.83 ms\tBilled Duration: 296 ms\t' +
        'Memory Size: 128 MB\tMax Memory Used: 74 MB\tInit Duration: 166.62 ms\t' +
        'XRAY TraceId: 1-5d9d007f-0a8c7fd02a8b480aed55ef00\tSegmentId: 3d752a0b1bbe37e0\tSampled: true',
    );
  });

  it('marks a timeout with Status: timeout', () => {
    const line = reportLine({
      requestId: 'r',
      durationMs: 3000.4,
      billedDurationMs: 3001,
      memorySizeMb: 256,
      maxMemoryUsedMb: 80,
      status: 'timeout',
    });
    expect(line.split('\t')).toEqual([
      'REPORT RequestId: r',
      'Duration: 3000.40 ms',
      'Billed Duration: 3001 ms',
      'Memory Size: 256 MB',
      'Max Memory Used: 80 MB',
      'Status: timeout',
    ]);
  });

  it('bills a warm invocation without init, rounded up to the millisecond', () => {
    expect(billedDurationMs(1.2)).toBe(2);
    expect(billedDurationMs(26.73, 0)).toBe(27);
  });

  it('writes START, END, INIT_REPORT and the timeout line as Lambda does', () => {
    expect(startLine('r1')).toBe('START RequestId: r1 Version: $LATEST');
    expect(endLine('r1')).toBe('END RequestId: r1');
    expect(initReportLine(51.254, 'error', 'Runtime.ImportModuleError')).toBe(
      'INIT_REPORT Init Duration: 51.25 ms\tPhase: init\tStatus: error\tError Type: Runtime.ImportModuleError',
    );
    expect(timeoutLine(new Date('2024-01-02T03:04:05.678Z'), 'r1', 3)).toBe(
      '2024-01-02T03:04:05.678Z r1 Task timed out after 3.00 seconds',
    );
  });

  it('turns a peak RSS in kB into MB', () => {
    expect(memoryUsedMb(75 * 1024 + 100)).toBe(75);
  });
});
