import type { CallRecord } from '../../src/contract/types.js';
import { globalState } from '../../src/recording/global-state.js';

/**
 * Installs a call-sink resolver that collects every record while `active` is true (standing in for
 * the per-invocation recording), and returns a restore function.
 */
export function collectCalls(): { calls: CallRecord[]; setActive(active: boolean): void; restore(): void } {
  const state = globalState();
  const previous = state.resolveCallSink;
  const calls: CallRecord[] = [];
  let active = true;
  const sink = { addCall: (call: CallRecord) => calls.push(call) };
  state.resolveCallSink = () => (active ? sink : undefined);
  return {
    calls,
    setActive(value) {
      active = value;
    },
    restore() {
      state.resolveCallSink = previous;
    },
  };
}
