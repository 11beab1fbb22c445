import middy from '@middy/core';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { PROFILE_SUBSEGMENT_NAME } from '../../src/contract/names.js';
import type { ProfileRecord } from '../../src/contract/types.js';
import { profiler } from '../../src/profiler.js';
import { samplingState } from '../../src/sampling/state.js';
import type { TracerLike } from '../../src/structural-types.js';
import { cloneStateDeeply, sampleState, spinHotLoop } from '../fixtures/sampling/hot-work.mjs';
import { FakeTracer, type SentDocument } from '../helpers/fake-xray.js';
import { assertValidMetadata } from '../helpers/schema.js';
import { freshEnvironment, lambdaContext } from '../helpers/state.js';

function profileOf(doc: SentDocument | undefined): ProfileRecord | undefined {
  return (doc?.metadata?.['lambda-profiler'] as { profile?: ProfileRecord } | undefined)?.profile;
}

describe('sampled CPU and allocation profiles', () => {
  beforeEach(() => {
    freshEnvironment();
    process.env._HANDLER = 'index.handler';
  });

  it('names the hot loop and the allocation site through the real inspector', async () => {
    // Prepare
    const tracer = new FakeTracer();
    const onError = vi.fn();
    const handler = middy(async () => {
      spinHotLoop(120);
      cloneStateDeeply(sampleState, 15);
      return 'ok';
    }).use(profiler({ tracer: tracer as unknown as TracerLike, profileRate: 1, onError }));

    // Act
    for (let i = 0; i < 2; i++) expect(await handler({}, lambdaContext(`req-${i}`))).toBe('ok');

    // Assess
    expect(onError).not.toHaveBeenCalled();
    const docs = tracer.named(PROFILE_SUBSEGMENT_NAME);
    expect(docs).toHaveLength(2);
    const profile = profileOf(docs[1])!;
    assertValidMetadata({ profile });
    expect(profile).toMatchObject({ kind: 'profile', requestId: 'req-1', trigger: 'rate', sequence: 2 });
    const hot = profile.cpu!.functions[0]!;
    expect(hot.name).toBe('spinHotLoop');
    // Package-relative (vitest's module runner shifts lines by its wrapper, so only the file is fixed here).
    expect(hot.location).toMatch(/^\.\/packages\/middleware\/tests\/fixtures\/sampling\/hot-work\.mjs:\d+$/);
    expect(hot).toMatchObject({ package: '(app)' });
    expect(hot.selfMs).toBeGreaterThan(40);
    expect(profile.overheadMs).toBeGreaterThan(0);
    const site = profile.heap!.sites[0]!;
    expect(site.name).toBe('cloneStateDeeply');
    expect(site.location).toMatch(/hot-work\.mjs:\d+$/);
    expect(site.bytes).toBeGreaterThan(1024 * 1024);
    expect(profile.heap!.totalBytes).toBeGreaterThanOrEqual(site.bytes);
  });
});

describe('sampling decisions', () => {
  beforeEach(() => {
    freshEnvironment();
    const state = samplingState();
    state.profileNext = false;
    state.sinceSlowProfile = Number.POSITIVE_INFINITY;
  });

  it('opens no inspector session and loads no inspector module when profiling is off', async () => {
    // Prepare
    const tracer = new FakeTracer();
    const getBuiltin = vi.spyOn(process, 'getBuiltinModule');
    const before = samplingState().session;
    const handler = middy(async () => 'ok').use(profiler({ tracer: tracer as unknown as TracerLike }));

    // Act
    for (let i = 0; i < 5; i++) await handler({}, lambdaContext(`off-${i}`));

    // Assess
    expect(getBuiltin.mock.calls.some(([id]) => String(id).includes('inspector'))).toBe(false);
    expect(samplingState().session).toBe(before);
    expect(tracer.named(PROFILE_SUBSEGMENT_NAME)).toHaveLength(0);
    getBuiltin.mockRestore();
  });

  it('profiles the next invocation after one slower than slowMs, once per cooldown', async () => {
    // Prepare
    const tracer = new FakeTracer();
    const onError = vi.fn();
    const delays = [30, 0, 30, 0];
    let call = 0;
    const handler = middy(async () => {
      const ms = delays[call++] ?? 0;
      if (ms > 0) spinHotLoop(ms);
      return 'ok';
    }).use(profiler({ tracer: tracer as unknown as TracerLike, slowMs: 20, onError }));

    // Act
    for (let i = 0; i < delays.length; i++) await handler({}, lambdaContext(`slow-${i}`));

    // Assess: the invocation after the first slow one is profiled; the second slow one is inside the cooldown.
    expect(onError).not.toHaveBeenCalled();
    const profiles = tracer.named(PROFILE_SUBSEGMENT_NAME).map(profileOf);
    expect(profiles.map((p) => p?.requestId)).toEqual(['slow-1']);
    expect(profiles[0]).toMatchObject({ trigger: 'slow' });
  });

  it('skips profiling without a tracer to send the profile to', async () => {
    // Prepare
    const tracer = new FakeTracer();
    tracer.enabled = false;
    const sequence = samplingState().sequence;
    const handler = middy(async () => 'ok').use(profiler({ tracer: tracer as unknown as TracerLike, profileRate: 1 }));

    // Act
    await handler({}, lambdaContext('no-trace'));

    // Assess
    expect(samplingState().sequence).toBe(sequence);
    expect(samplingState().busy).toBe(false);
  });
});
