import { describe, expect, it } from 'vitest';
import { GLOBAL_STATE_KEY } from '../../src/contract/names.js';
import { currentCallSink, globalState } from '../../src/recording/global-state.js';

describe('global state', () => {
  it('lives on globalThis under a Symbol.for key, so every copy of the package shares it', () => {
    const state = globalState();
    const shared = (globalThis as unknown as Record<symbol, unknown>)[Symbol.for(GLOBAL_STATE_KEY)];
    expect(shared).toBe(state);
    expect(globalState()).toBe(state);
    expect(state.environmentId).toMatch(/^[0-9a-f]{16}$/);
  });

  it('has no call sink outside an invocation until a resolver is installed', () => {
    const state = globalState();
    expect(currentCallSink()).toBeUndefined();
    const calls: unknown[] = [];
    const previous = state.resolveCallSink;
    state.resolveCallSink = () => ({ addCall: (c) => calls.push(c) });
    try {
      currentCallSink()?.addCall({
        v: 1,
        kind: 'aws-call',
        service: 'DynamoDB',
        operation: 'GetItem',
        awsRequestId: null,
        startEpochMs: 1,
        durationMs: 1,
        tables: ['t'],
      });
      expect(calls).toHaveLength(1);
    } finally {
      state.resolveCallSink = previous;
    }
  });
});
