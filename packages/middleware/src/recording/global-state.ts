import { GLOBAL_STATE_KEY } from '../contract/names.js';
import type { CallRecord, ModuleTiming } from '../contract/types.js';

/** Resolves the recording of the invocation the caller runs in (AsyncLocalStorage-aware). */
export type CallSinkResolver = () => CallSink | undefined;

/** What dependency instrumentation writes per call; implemented by the per-invocation recording. */
export interface CallSink {
  addCall(call: CallRecord): void;
}

/**
 * Process-wide facts, shared by every copy of this package in the process: the ESM register
 * entry, a CJS handler and a bundled copy each load their own module instances, so the state lives
 * on `globalThis` under a `Symbol.for` key instead of in module scope.
 */
export interface GlobalState {
  /** Random id of this execution environment (process). */
  environmentId: string;
  /** Module timings recorded by the register entry, in load order. */
  modules: ModuleTiming[];
  /** Whether the register entry is active. */
  registerActive: boolean;
  /** Custom init marks (`markInit` / `initPhase`), offsets from `performance.timeOrigin`. */
  initMarks: { name: string; startMs: number; ms: number }[];
  /** Time (ms) spent constructing AWS SDK clients during init. */
  sdkClientInitMs: number;
  /** First AWS SDK call's credential/endpoint setup, set once by `instrumentAWSClient`. */
  firstCallSetupMs: number | null;
  /** How the current invocation's recording is found; set by the recording module. */
  resolveCallSink: CallSinkResolver;
  /** Invocations started in this environment (the first one decides the cold start). */
  invocations: number;
  /** Latest init-time marker (`performance.now()`): when a profiler was constructed during init. */
  initReadyMs: number;
  /** First user module start and last module end seen by the register entry (`performance.now()`). */
  importWindow: { firstStartMs: number; lastEndMs: number } | null;
  /** Whether the init document has been emitted (once per environment). */
  initEmitted: boolean;
}

const key = Symbol.for(GLOBAL_STATE_KEY);

function randomHex(bytes: number): string {
  let out = '';
  for (let i = 0; i < bytes; i++)
    out += Math.floor(Math.random() * 256)
      .toString(16)
      .padStart(2, '0');
  return out;
}

// The object never changes once created: caching it saves a symbol lookup on `globalThis` (a
// dictionary-mode object) in every hook of a warm invocation.
let cached: GlobalState | undefined;

/** The one process-wide state object, created on first use. */
export function globalState(): GlobalState {
  if (cached !== undefined) return cached;
  cached = sharedGlobalState();
  return cached;
}

function sharedGlobalState(): GlobalState {
  const holder = globalThis as unknown as Record<symbol, GlobalState | undefined>;
  let state = holder[key];
  if (!state) {
    state = {
      environmentId: randomHex(8),
      modules: [],
      registerActive: false,
      initMarks: [],
      sdkClientInitMs: 0,
      firstCallSetupMs: null,
      resolveCallSink: () => undefined,
      invocations: 0,
      initReadyMs: 0,
      importWindow: null,
      initEmitted: false,
    };
    holder[key] = state;
  }
  return state;
}

/** The call sink of the current invocation, or undefined outside an invocation. */
export function currentCallSink(): CallSink | undefined {
  return globalState().resolveCallSink();
}
