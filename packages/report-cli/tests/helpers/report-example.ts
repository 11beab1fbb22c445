import type { ProfilingReport } from '../../src/contracts/report-types.js';
import type { RunManifest } from '../../src/contracts/run-folder.js';

/** A complete report in the v1 contract, typed, for schema tests and renderer tests. */
export function reportExample(): ProfilingReport {
  return {
    schemaVersion: 1,
    generatedAt: '2026-11-28T12:00:00.000Z',
    source: 'local',
    function: { name: 'botFlow', memoryMb: 512, architecture: 'x86_64', timeoutS: 30 },
    sample: {
      traces: 120,
      invocations: 120,
      coldStarts: 4,
      from: '2026-11-28T11:00:00.000Z',
      to: '2026-11-28T11:05:00.000Z',
    },
    latency: {
      invocation: { avgMs: 310.2, p50Ms: 280, p90Ms: 520.5, p99Ms: 900 },
      cold: { avgMs: 1210, p50Ms: 1190, p90Ms: 1400, p99Ms: 1450 },
      warm: { avgMs: 280, p50Ms: 270, p90Ms: 480, p99Ms: 700 },
    },
    errors: { count: 6, ratePct: 5, timeouts: 1, throttles: 2 },
    coldStart: {
      count: 4,
      avgInitMs: 640,
      p90InitMs: 700,
      phases: [
        { name: 'runtime', avgMs: 60, pct: 9.4 },
        { name: 'imports', avgMs: 230, pct: 35.9 },
        { name: 'aws-sdk', avgMs: 180, pct: 28.1 },
        { name: 'custom', avgMs: 120, pct: 18.8 },
        { name: 'other', avgMs: 50, pct: 7.8 },
      ],
      firstCallSetupMs: 45,
      toFirstInvokeMs: 2,
    },
    imports: {
      count: 151,
      totalMs: 410,
      largest: { module: 'openai', ms: 120 },
      modules: [{ module: 'openai', ms: 120, selfMs: 20 }],
    },
    dynamodb: {
      operations: [{ operation: 'GetItem', table: 'states', count: 240, avgMs: 8.1, p90Ms: 12, maxMs: 40 }],
      sequentialGroups: [
        { operation: 'GetItem', table: 'states', callsPerInvocation: 3, frequencyPct: 80, savingsMs: 14 },
      ],
      issues: [
        {
          id: 'dynamodb-scan-to-query',
          table: 'channels',
          detail: 'Scan + filter on platform, teamId; GSI by-platform-team fits',
          savingsMs: 35,
        },
      ],
    },
    externalApis: [
      {
        service: 'OpenAI API',
        host: 'api.openai.com',
        count: 30,
        callsPerInvocation: 0.25,
        avgMs: 820,
        p50Ms: 700,
        p90Ms: 1300,
        p99Ms: 2100,
        errorRatePct: 3.3,
        retries: 1,
        connectionReusePct: 0,
      },
    ],
    memory: {
      allocatedMb: 512,
      avgUsedMb: 140,
      peakUsedMb: 190,
      utilizationPct: 37.1,
      leakSuspects: [
        { environment: '2026/11/28/[$LATEST]0123456789abcdef0123456789abcdef', growthMbPerInvocation: 0.8 },
      ],
      heavyOperations: [
        { name: 'cloneState', location: 'src/state.ts:42', heapDeltaMb: 4.2, allocatedMb: null, count: 120 },
      ],
    },
    serviceMap: {
      nodes: [
        { id: 'fn', name: 'botFlow', type: 'AWS::Lambda::Function' },
        { id: 'ddb', name: 'DynamoDB', type: 'AWS::DynamoDB::Table' },
      ],
      edges: [{ from: 'fn', to: 'ddb', count: 400, avgMs: 9, errorRatePct: 0.5 }],
    },
    slowestTraces: [
      { traceId: '1-6352a70e-1e2c502e358361800241fd45', durationMs: 2300, pattern: 'cold start + OpenAI' },
    ],
    breakdowns: { Platform: [{ value: 'slack', invocations: 30, p50Ms: 260, p90Ms: 500 }] },
    bottlenecks: [
      {
        id: 'http-keep-alive',
        name: 'New TLS connection per API call',
        location: 'Slack API (slack.com)',
        avgMs: 60,
        frequencyPct: 95,
        rootCause: 'a new HTTPS agent per request: every call pays TCP + TLS setup',
        impact: 'HIGH',
        savingsMs: 48,
      },
    ],
    recommendations: [
      {
        id: 'http-keep-alive',
        priority: 'HIGH',
        title: 'Reuse HTTPS connections (keep-alive agent)',
        savingsMs: 48,
        monthlySavingsUsd: 12.4,
        evidence: ['0 % of 240 Slack API calls reused a socket', 'connection setup p50 46 ms'],
      },
    ],
    expected: {
      coldStartMs: { from: 640, to: 420 },
      executionMs: { from: 310, to: 190 },
      monthlyCostUsd: { from: 42.1, to: 27.3 },
    },
    notes: ['Local run: CPU is not scaled to the memory size as in Lambda.'],
  };
}

export function runManifestExample(): RunManifest {
  return {
    kind: 'lambda-profiler-run',
    v: 1,
    function: {
      name: 'botFlow',
      handler: 'dist/handler.handler',
      memoryMb: 512,
      timeoutS: 30,
      architecture: 'x86_64',
      runtime: 'nodejs24.x',
    },
    mode: 'serve',
    startedAt: '2026-11-28T11:00:00.000Z',
    endedAt: '2026-11-28T11:05:00.000Z',
    counts: { invocations: 120, coldStarts: 4, errors: 6, timeouts: 1, crashes: 0 },
    concurrency: 4,
    environments: [
      {
        logStream: '2026/11/28/[$LATEST]0123456789abcdef0123456789abcdef',
        startedAt: '2026-11-28T11:00:00.000Z',
        endedAt: '2026-11-28T11:05:00.000Z',
        initDurationMs: 612.4,
        requestIds: ['c793869b-ee49-415b-a5b6-4fd21e8dedac'],
        endReason: 'drained',
      },
    ],
    collector: { documents: 1440, invalid: 0 },
    cpuScaledToMemory: false,
    notes: ['Local CPU is not scaled to the memory size.'],
  };
}
