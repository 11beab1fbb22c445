/** The inspector session as this package uses it (`node:inspector` `Session`). */
export interface InspectorSessionLike {
  connect(): void;
  disconnect(): void;
  post(method: string, params?: object, callback?: (error: Error | null, result?: unknown) => void): void;
}

/**
 * Process-wide sampling state. V8 has one CPU profiler and one sampling heap profiler per isolate, so
 * every copy of the package (register entry, CJS handler, bundled copy) must agree on who owns them:
 * the state lives on `globalThis` under a `Symbol.for` key, like the global state.
 */
export interface SamplingState {
  /** A profile is running (concurrent invocations skip theirs). */
  busy: boolean;
  /** `performance.now()` when the running profile started. */
  startedAtMs: number;
  /** The previous invocation exceeded `slowMs`: profile the next one. */
  profileNext: boolean;
  /** Profiles taken in this environment. */
  sequence: number;
  /** Invocations finished since the last slow-triggered profile (rate-limits the `slowMs` trigger). */
  sinceSlowProfile: number;
  /** Opened on the first profile and kept: connecting is not free, an idle session costs nothing. */
  session: InspectorSessionLike | undefined;
}

const key = Symbol.for('lambda-profiler.sampling.v1');

export function samplingState(): SamplingState {
  const holder = globalThis as unknown as Record<symbol, SamplingState | undefined>;
  let state = holder[key];
  if (!state) {
    state = {
      busy: false,
      startedAtMs: 0,
      profileNext: false,
      sequence: 0,
      sinceSlowProfile: Number.POSITIVE_INFINITY,
      session: undefined,
    };
    holder[key] = state;
  }
  return state;
}
