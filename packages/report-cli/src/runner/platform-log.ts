/** Lambda's platform lines in the text log format (formats.md §6.1). Fields are tab-separated. */

export interface ReportLine {
  requestId: string;
  durationMs: number;
  billedDurationMs: number;
  memorySizeMb: number;
  maxMemoryUsedMb: number;
  initDurationMs?: number;
  status?: 'timeout' | 'error';
  errorType?: string;
  xray?: { traceId: string; segmentId: string; sampled: boolean };
}

const ms = (value: number) => value.toFixed(2);

export function initStartLine(runtimeVersion: string, runtimeVersionArn: string): string {
  return `INIT_START Runtime Version: ${runtimeVersion}\tRuntime Version ARN: ${runtimeVersionArn}`;
}

export function initReportLine(durationMs: number, status: 'error' | 'timeout', errorType: string): string {
  return `INIT_REPORT Init Duration: ${ms(durationMs)} ms\tPhase: init\tStatus: ${status}\tError Type: ${errorType}`;
}

export function startLine(requestId: string): string {
  return `START RequestId: ${requestId} Version: $LATEST`;
}

export function endLine(requestId: string): string {
  return `END RequestId: ${requestId}`;
}

export function reportLine(report: ReportLine): string {
  const fields = [
    `REPORT RequestId: ${report.requestId}`,
    `Duration: ${ms(report.durationMs)} ms`,
    `Billed Duration: ${report.billedDurationMs} ms`,
    `Memory Size: ${report.memorySizeMb} MB`,
    `Max Memory Used: ${report.maxMemoryUsedMb} MB`,
  ];
  if (report.initDurationMs !== undefined) fields.push(`Init Duration: ${ms(report.initDurationMs)} ms`);
  if (report.status) fields.push(`Status: ${report.status}`);
  if (report.errorType) fields.push(`Error Type: ${report.errorType}`);
  if (report.xray) {
    fields.push(
      `XRAY TraceId: ${report.xray.traceId}`,
      `SegmentId: ${report.xray.segmentId}`,
      `Sampled: ${report.xray.sampled}`,
    );
  }
  return fields.join('\t');
}

/** Billed since 2025-08-01: the duration plus, on a cold start, the init duration, rounded up to 1 ms. */
export function billedDurationMs(durationMs: number, initDurationMs = 0): number {
  return Math.ceil(durationMs + initDurationMs);
}

/** Written by Lambda when the function runs past its timeout. */
export function timeoutLine(at: Date, requestId: string, timeoutS: number): string {
  return `${at.toISOString()} ${requestId} Task timed out after ${timeoutS.toFixed(2)} seconds`;
}

/** Written by Lambda when the runtime process exits during an invocation. */
export function runtimeExitLines(requestId: string, errorMessage: string, errorType: string): string[] {
  return [`RequestId: ${requestId} Error: ${errorMessage}`, errorType];
}

/** Max Memory Used in MB from a peak RSS in kB. */
export function memoryUsedMb(maxRssKb: number): number {
  return Math.round(maxRssKb / 1024);
}
