import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import type { EnvironmentEndReason } from '../contracts/run-folder.js';
import { epochMs } from './clock.js';
import { newLogStreamName } from './ids.js';
import { OutputLineSplitter } from './output-lines.js';
import type { ChildMessage, ErrorInfo, InvokeMessage, ParentMessage } from './protocol.js';

/** Lambda gives the INIT phase 10 s (on-demand) before it gives up on an environment. */
export const INIT_TIMEOUT_MS = 10_000;

export interface EnvironmentSpec {
  /** dist/runtime-bootstrap.js */
  bootstrapPath: string;
  handlerFile: string;
  exportPath: string;
  taskRoot: string;
  /** The environment variables of every environment; the log stream name is added per environment. */
  env: NodeJS.ProcessEnv;
  /** V8 old-space limit, MB. */
  heapMb: number;
  /** One line of the function's output (stdout and stderr, as printed). */
  onOutput: (line: string, environment: ExecutionEnvironment) => void;
}

export type InitOutcome = { ok: true } | { ok: false; error: ErrorInfo; timedOut: boolean };

interface Timing {
  /** Epoch ms at which the runner sent the invocation. */
  dispatchMs: number;
  /** Epoch ms: handler called / settled (measured in the environment), or dispatch / kill for a timeout or crash. */
  startMs: number;
  endMs: number;
  maxRssKb: number;
}

export type InvocationOutcome =
  | ({ kind: 'success'; payload: string } & Timing)
  | ({ kind: 'error'; error: ErrorInfo } & Timing)
  | ({ kind: 'timeout' } & Timing)
  | ({ kind: 'crash'; error: ErrorInfo } & Timing);

interface Pending {
  requestId: string;
  dispatchMs: number;
  resolve: (outcome: InvocationOutcome) => void;
  timer: NodeJS.Timeout;
  timedOutAtMs?: number;
}

/** Peak RSS of a live process from /proc (Linux), so a timed-out environment still has a figure. */
function peakRssKbOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One execution environment: a fresh Node process running the runtime bootstrap. It serves one
 * invocation at a time; a timeout or crash ends it, as in Lambda.
 */
export class ExecutionEnvironment {
  readonly logStream: string;
  readonly startedAtMs: number;
  readyAtMs: number | null = null;
  endedAtMs: number | null = null;
  endReason: EnvironmentEndReason | null = null;
  readonly requestIds: string[] = [];
  /** Peak RSS reported by the environment, kB. */
  maxRssKb = 0;
  /** CPU time the process used until it was ready, ms (the cold start's CPU cost). */
  initCpuMs: number | null = null;
  /** Resolves when the handler is loaded, or with the init error. */
  readonly ready: Promise<InitOutcome>;
  /** Resolves when the process is gone and its output is read. */
  readonly closed: Promise<void>;

  readonly #child: ChildProcessByStdio<Writable, Readable, Readable>;
  #pending: Pending | undefined;
  #crashError: ErrorInfo | undefined;
  #initError: ErrorInfo | undefined;
  #initTimedOut = false;
  #resolveReady!: (outcome: InitOutcome) => void;
  #alive = true;

  constructor(spec: EnvironmentSpec) {
    this.startedAtMs = epochMs();
    this.logStream = newLogStreamName(new Date(this.startedAtMs));
    this.ready = new Promise((resolve) => {
      this.#resolveReady = resolve;
    });
    // Invocations go down the child's stdin as JSON lines: Node's own IPC channel would cost every cold
    // start the loading of child_process internals in the environment.
    this.#child = spawn(
      process.execPath,
      [
        `--max-old-space-size=${spec.heapMb}`,
        spec.bootstrapPath,
        pathToFileURL(spec.handlerFile).href,
        spec.exportPath,
      ],
      {
        cwd: spec.taskRoot,
        env: { ...spec.env, AWS_LAMBDA_LOG_STREAM_NAME: this.logStream },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    // A closed stdin (the environment died) surfaces as 'close' below.
    this.#child.stdin.on('error', () => {});
    const onLine = (line: string) => spec.onOutput(line, this);
    const stdout = new OutputLineSplitter(onLine, (json) => this.#onControl(JSON.parse(json) as ChildMessage));
    const stderr = new OutputLineSplitter(onLine, onLine);
    this.#child.stdout.setEncoding('utf8').on('data', (chunk: string) => stdout.push(chunk));
    this.#child.stderr.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
    const initTimer = setTimeout(() => {
      this.#initTimedOut = true;
      this.#child.kill('SIGKILL');
    }, INIT_TIMEOUT_MS);
    void this.ready.then(() => clearTimeout(initTimer));
    this.closed = new Promise((resolve) => {
      // 'close' (not 'exit'): every line the process printed has been read by then.
      this.#child.on('close', (code, signal) => {
        stdout.end();
        stderr.end();
        this.#onClose(code, signal);
        resolve();
      });
      this.#child.on('error', () => {
        // Spawn failures surface as 'close' with a null code.
      });
    });
  }

  get alive(): boolean {
    return this.#alive;
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  get initDurationMs(): number | null {
    return this.readyAtMs === null ? null : this.readyAtMs - this.startedAtMs;
  }

  /** Sends one invocation; resolves with its outcome. Call only when `ready` resolved ok and idle. */
  invoke(message: Omit<InvokeMessage, 't'>, timeoutMs: number): Promise<InvocationOutcome> {
    if (this.#pending) throw new Error(`${this.logStream}: environment is busy`);
    this.requestIds.push(message.requestId);
    return new Promise((resolve) => {
      const pending: Pending = {
        requestId: message.requestId,
        dispatchMs: epochMs(),
        resolve,
        timer: setTimeout(() => this.#onTimeout(pending, timeoutMs), timeoutMs),
      };
      this.#pending = pending;
      this.#send({ t: 'invoke', ...message });
    });
  }

  /** Ends an idle environment; resolves when its process is gone. */
  async shutdown(reason: EnvironmentEndReason = 'drained'): Promise<void> {
    if (!this.#alive) return this.closed;
    this.endReason ??= reason;
    // Before it is ready the bootstrap does not read its stdin yet.
    if (this.readyAtMs !== null) this.#send({ t: 'shutdown' });
    else this.#child.kill('SIGTERM');
    const force = setTimeout(() => this.#child.kill('SIGKILL'), 2000);
    await this.closed;
    clearTimeout(force);
  }

  #send(message: ParentMessage): void {
    if (this.#child.stdin.writable) this.#child.stdin.write(`${JSON.stringify(message)}\n`);
  }

  #onTimeout(pending: Pending, timeoutMs: number): void {
    if (this.#pending !== pending) return;
    // Timers run on libuv's cached loop time and can fire a fraction of a ms early by this clock;
    // Lambda never reports a timed-out invocation shorter than its timeout.
    pending.timedOutAtMs = Math.max(epochMs(), pending.dispatchMs + timeoutMs);
    this.maxRssKb = Math.max(this.maxRssKb, peakRssKbOf(this.#child.pid) ?? 0);
    this.endReason ??= 'timeout';
    this.#child.kill('SIGKILL');
    // Resolved on 'close', after the output the function printed before the kill.
  }

  #onControl(message: ChildMessage): void {
    if ('maxRssKb' in message) this.maxRssKb = Math.max(this.maxRssKb, message.maxRssKb);
    switch (message.t) {
      case 'ready':
        this.readyAtMs = epochMs();
        this.initCpuMs = message.cpuMs;
        this.#resolveReady({ ok: true });
        return;
      case 'init-error':
        this.#initError = message.error;
        return;
      case 'crash':
        this.#crashError = message.error;
        return;
      case 'result': {
        const pending = this.#pending;
        if (!pending || pending.requestId !== message.requestId || pending.timedOutAtMs !== undefined) return;
        clearTimeout(pending.timer);
        this.#pending = undefined;
        const timing = {
          dispatchMs: pending.dispatchMs,
          startMs: message.startMs,
          endMs: message.endMs,
          maxRssKb: this.maxRssKb,
        };
        pending.resolve(
          message.error
            ? { kind: 'error', error: message.error, ...timing }
            : { kind: 'success', payload: message.payload ?? 'null', ...timing },
        );
        return;
      }
    }
  }

  #onClose(code: number | null, signal: NodeJS.Signals | null): void {
    this.#alive = false;
    this.endedAtMs = epochMs();
    const exit: ErrorInfo = {
      errorType: 'Runtime.ExitError',
      errorMessage: `Runtime exited with error: ${signal ? `signal: ${signal.toLowerCase()}` : `exit status ${code}`}`,
      trace: [],
    };
    if (this.readyAtMs === null) {
      this.endReason ??= 'init-error';
      const error = this.#initTimedOut
        ? { errorType: 'Runtime.InitTimeout', errorMessage: `INIT timed out after ${INIT_TIMEOUT_MS} ms`, trace: [] }
        : (this.#initError ?? exit);
      this.#resolveReady({ ok: false, error, timedOut: this.#initTimedOut });
    }
    const pending = this.#pending;
    this.#pending = undefined;
    if (pending) {
      clearTimeout(pending.timer);
      const timing = {
        dispatchMs: pending.dispatchMs,
        startMs: pending.dispatchMs,
        endMs: pending.timedOutAtMs ?? epochMs(),
        maxRssKb: this.maxRssKb,
      };
      if (pending.timedOutAtMs !== undefined) pending.resolve({ kind: 'timeout', ...timing });
      else {
        this.endReason ??= 'crash';
        pending.resolve({ kind: 'crash', error: this.#crashError ?? exit, ...timing });
      }
    }
    this.endReason ??= 'crash';
  }
}
