import { stopProfilers } from './inspector.js';
import { samplingState } from './state.js';

/**
 * A profile older than Lambda's longest timeout belongs to an invocation that never finished (timed
 * out, frozen): it is stopped and discarded, so the profilers never run on unattended.
 */
export const STALE_PROFILE_MS = 900_000;

export type ProfileTrigger = 'rate' | 'slow';

/**
 * A slow invocation triggers a profile of the next one at most once per this many invocations, so a
 * function that is always slower than `slowMs` is not profiled on every other invocation.
 */
export const SLOW_TRIGGER_EVERY = 10;

/** Whether to profile the invocation starting now, and why; undefined when not (or a profile runs). */
export function profileTrigger(profileRate: number, random: () => number = Math.random): ProfileTrigger | undefined {
  const state = samplingState();
  if (state.busy && performance.now() - state.startedAtMs > STALE_PROFILE_MS) stopProfilers();
  if (state.busy) return undefined;
  if (state.profileNext) {
    state.profileNext = false;
    state.sinceSlowProfile = 0;
    return 'slow';
  }
  if (profileRate > 0 && random() < profileRate) return 'rate';
  return undefined;
}

/**
 * After an invocation: arm the `slowMs` trigger when it was slower than `slowMs`. `ownMs` is time the
 * profiler itself added (a profiled invocation is slower because it was profiled).
 */
export function noteInvocationDuration(slowMs: number, durationMs: number, ownMs: number): void {
  const state = samplingState();
  state.sinceSlowProfile++;
  if (slowMs <= 0 || durationMs - ownMs <= slowMs) return;
  if (state.sinceSlowProfile >= SLOW_TRIGGER_EVERY) state.profileNext = true;
}
