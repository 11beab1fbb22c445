import type { CompiledRedaction } from '../redaction/rules.js';

/**
 * Process-wide state of dependency insight and redaction. Like the recording's global state it lives
 * on `globalThis` under a `Symbol.for` key: the register entry (ESM), a CJS handler and a bundled
 * copy each load their own module instances, but there is one `dgram` prototype, one
 * `process.stdout` and one set of diagnostics channels, so patches and subscriptions must be
 * installed once per process and share one configuration.
 */
export interface DependencyState {
  /** Host (or `host:port`, or `*.suffix`) → service name, user entries merged over the built-ins. */
  hosts: Map<string, string>;
  /** Whether the HTTP diagnostics-channel subscriptions are installed (once per process). */
  httpInstalled: boolean;
  /** Whether they record (`http: false` switches them off without unsubscribing). */
  httpEnabled: boolean;
  /** The active redaction rules (`enabled: false` turns every patch into a pass-through). */
  redaction: CompiledRedaction;
  /** Random salt of the key hashes: never leaves the process, changes with every process. */
  salt: string | null;
}

const key = Symbol.for('lambda-profiler.dependencies.v1');

/** The one dependency state of the process, created on first use. */
export function dependencyState(create: () => CompiledRedaction): DependencyState {
  const holder = globalThis as unknown as Record<symbol, DependencyState | undefined>;
  let state = holder[key];
  if (!state) {
    state = {
      hosts: new Map(),
      httpInstalled: false,
      httpEnabled: true,
      redaction: create(),
      salt: null,
    };
    holder[key] = state;
  }
  return state;
}
