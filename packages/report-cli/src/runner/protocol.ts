/**
 * Messages between the runner (parent) and an execution environment (the runtime bootstrap).
 * Parent -> child goes as JSON lines on the child's stdin. Child -> parent goes in-band on its stdout, as
 * one line starting with CONTROL_MARKER: the function's own output shares that stream, so every line
 * it printed during an invocation reaches the parent before the invocation's result does.
 */

export const CONTROL_MARKER = '\u001eLP:';

/** Lambda's error shape (`Invoke Error` log lines and error responses). */
export interface ErrorInfo {
  errorType: string;
  errorMessage: string;
  trace: string[];
}

export interface InvokeMessage {
  t: 'invoke';
  requestId: string;
  event: unknown;
  /** `_X_AMZN_TRACE_ID` for this invocation. */
  traceHeader: string;
  /** Epoch ms at which the invocation times out (`context.getRemainingTimeInMillis()`). */
  deadlineMs: number;
  invokedFunctionArn: string;
}

export type ParentMessage = InvokeMessage | { t: 'shutdown' };

/** Times are epoch ms with sub-ms precision (`performance.timeOrigin + performance.now()`). */
export type ChildMessage =
  /** `cpuMs`: CPU time the environment used to start (Node's bootstrap, this runtime, the handler's init). */
  | { t: 'ready'; maxRssKb: number; cpuMs: number }
  | { t: 'init-error'; error: ErrorInfo; maxRssKb: number }
  | {
      t: 'result';
      requestId: string;
      startMs: number;
      endMs: number;
      maxRssKb: number;
      /** The handler's result as JSON text (Lambda serializes it), when it succeeded. */
      payload?: string;
      error?: ErrorInfo;
    }
  | { t: 'crash'; requestId: string | null; error: ErrorInfo; maxRssKb: number };
