import type { DetailsRecord, InitRecord, InvocationRecord, ProfileRecord } from '../../src/contract/types.js';

// Typed examples of the three contract documents. Typed with the contract's own types, so a change
// to types.ts that the schema does not follow (or the reverse) fails the contract tests.

export const invocationExample: InvocationRecord = {
  v: 1,
  kind: 'invocation',
  requestId: 'c793869b-ee49-415b-a5b6-4fd21e8dedac',
  coldStart: true,
  initType: 'on-demand',
  environmentId: 'a1b2c3d4e5f60718',
  invocationIndex: 1,
  sampled: true,
  startEpochMs: 1732800000123.25,
  durationMs: 182.44,
  memory: {
    limitMb: 512,
    heapUsedStartMb: 21.3,
    heapUsedEndMb: 24.9,
    heapTotalMb: 40,
    peakRssMb: 96.2,
    rssMb: 95.8,
    externalMb: 2.1,
    arrayBuffersMb: 0.4,
  },
  heapGrowthMb: 3.6,
  cpu: { userMs: 40.1, systemMs: 6.2 },
  annotations: { Platform: 'slack', Scenario: 'first_time_user' },
  middlewares: [
    { position: 0, name: 'captureLambdaHandlerBefore', phase: 'before', ms: 0.12 },
    { position: 2, name: 'profilerBefore', phase: 'before', ms: 0.01 },
    { position: 0, name: 'handler', phase: 'handler', ms: 181.9 },
  ],
};

export const detailsExample: DetailsRecord = {
  v: 1,
  kind: 'details',
  requestId: 'c793869b-ee49-415b-a5b6-4fd21e8dedac',
  spans: [
    { name: 'parse', startEpochMs: 1732800000124, durationMs: 0.4, parent: null },
    { name: 'flow greeting', startEpochMs: 1732800000125, durationMs: 150, parent: null, heapDeltaMb: 1.2 },
    { name: 'reply', startEpochMs: 1732800000200, durationMs: 70, parent: 1, attributes: { platform: 'slack' } },
  ],
  calls: [
    {
      v: 1,
      kind: 'aws-call',
      service: 'DynamoDB',
      operation: 'GetItem',
      awsRequestId: 'V4KQNSO5AEMVJF66Q9ASUAAJG0000000000000000000000000',
      startEpochMs: 1732800000126,
      durationMs: 12.5,
      tables: ['states'],
      consistentRead: false,
      items: 1,
      responseBytes: 512,
      attempts: 1,
      keyAttributes: ['pk'],
      keyHash: '9f2c01ab',
      firstCallSetupMs: 35.2,
    },
    {
      v: 1,
      kind: 'http-call',
      host: 'api.telegram.org',
      service: 'Telegram Bot API',
      method: 'POST',
      path: '/bot:redacted/sendMessage',
      status: 200,
      startEpochMs: 1732800000200,
      durationMs: 68.1,
      reusedSocket: false,
      dnsMs: 1.2,
      connectMs: 21.4,
      tlsMs: 23.9,
      ttfbMs: 66.3,
    },
  ],
  truncated: { spans: 0, calls: 3 },
};

export const initExample: InitRecord = {
  v: 1,
  kind: 'init',
  environmentId: 'a1b2c3d4e5f60718',
  initType: 'on-demand',
  processStartEpochMs: 1732799999600,
  durationMs: 420,
  phases: [
    { name: 'runtime', ms: 60 },
    { name: 'imports', ms: 150 },
    { name: 'aws-sdk', ms: 140 },
    { name: 'custom', ms: 40 },
    { name: 'other', ms: 30 },
  ],
  custom: [{ name: 'load-config', startMs: 380, ms: 40 }],
  toFirstInvokeMs: 2.5,
  proactive: false,
  firstCallSetupMs: 35.2,
  imports: {
    source: 'register',
    count: 151,
    totalMs: 290,
    modules: [
      { module: '@aws-sdk/client-dynamodb', package: '@aws-sdk/client-dynamodb', format: 'cjs', ms: 133, selfMs: 120 },
      { module: './src/flows/ai.js', package: '(app)', format: 'esm', ms: 41, selfMs: 3 },
    ],
    packages: [
      { package: '@aws-sdk/client-dynamodb', files: 1, ms: 133, selfMs: 120 },
      { package: '(app)', files: 12, ms: 60, selfMs: 14 },
    ],
    omitted: 140,
  },
};

export const profileExample: ProfileRecord = {
  v: 1,
  kind: 'profile',
  requestId: 'c793869b-ee49-415b-a5b6-4fd21e8dedac',
  trigger: 'rate',
  sequence: 1,
  cpu: {
    intervalUs: 1000,
    sampledMs: 182.5,
    samples: 183,
    functions: [
      {
        name: 'renderTranscript',
        location: './src/flows/transcript.ts:41',
        package: '(app)',
        selfMs: 96.2,
        totalMs: 120.4,
        selfPct: 52.7,
      },
      { name: '(garbage collector)', location: '(native)', package: '(v8)', selfMs: 21, totalMs: 21, selfPct: 11.5 },
    ],
  },
  heap: {
    intervalBytes: 32768,
    totalBytes: 48_000_000,
    sites: [
      { name: 'cloneConversation', location: './src/state.ts:12', package: '(app)', bytes: 31_000_000, pct: 64.6 },
    ],
  },
  overheadMs: 18.4,
};
