/**
 * JSON Schema (draft 2020-12) of the report contract, shipped with the package
 * (`@lambda-profiler/report-cli/report.schema.json` is written from this object at build time).
 * Objects are open so schemaVersion 1 can grow; the required lists are DESIGN.md's minimum.
 */

const ms = { type: 'number', minimum: 0 } as const;
const msOrNull = { type: ['number', 'null'], minimum: 0 } as const;
const pct = { type: 'number', minimum: 0, maximum: 100 } as const;
const pctOrNull = { type: ['number', 'null'], minimum: 0, maximum: 100 } as const;
const count = { type: 'integer', minimum: 0 } as const;
const str = { type: 'string' } as const;
const impact = { enum: ['HIGH', 'MEDIUM', 'LOW'] } as const;
const isoOrNull = { type: ['string', 'null'], format: 'date-time' } as const;
const stableId = { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' } as const;

const obj = (required: readonly string[], properties: Record<string, unknown>) =>
  ({ type: 'object', required, properties }) as const;

const latency = obj(['avgMs', 'p50Ms', 'p90Ms', 'p99Ms'], {
  avgMs: msOrNull,
  p50Ms: msOrNull,
  p90Ms: msOrNull,
  p99Ms: msOrNull,
});
const range = obj(['from', 'to'], { from: { type: ['number', 'null'] }, to: { type: ['number', 'null'] } });

export const reportSchemaId = 'https://lambda-profiler.dev/schemas/report-v1.json';

export const reportSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: reportSchemaId,
  title: 'lambda-profiler profiling report',
  ...obj(
    [
      'schemaVersion',
      'generatedAt',
      'source',
      'function',
      'sample',
      'latency',
      'errors',
      'coldStart',
      'imports',
      'dynamodb',
      'externalApis',
      'memory',
      'serviceMap',
      'slowestTraces',
      'breakdowns',
      'bottlenecks',
      'recommendations',
      'expected',
      'notes',
    ],
    {
      $schema: str,
      schemaVersion: { const: 1 },
      generatedAt: { type: 'string', format: 'date-time' },
      source: { enum: ['local', 'files', 'aws'] },
      function: obj(['name', 'memoryMb', 'architecture', 'timeoutS'], {
        name: str,
        memoryMb: { type: ['integer', 'null'], minimum: 128, maximum: 10240 },
        architecture: { enum: ['x86_64', 'arm64', null] },
        timeoutS: { type: ['number', 'null'], exclusiveMinimum: 0, maximum: 900 },
      }),
      sample: obj(['traces', 'invocations', 'coldStarts', 'from', 'to'], {
        traces: count,
        invocations: count,
        coldStarts: count,
        from: isoOrNull,
        to: isoOrNull,
      }),
      latency: obj(['invocation', 'cold', 'warm'], { invocation: latency, cold: latency, warm: latency }),
      errors: obj(['count', 'ratePct', 'timeouts', 'throttles'], {
        count,
        ratePct: pctOrNull,
        timeouts: count,
        throttles: count,
      }),
      coldStart: obj(['count', 'avgInitMs', 'p90InitMs', 'phases', 'firstCallSetupMs', 'toFirstInvokeMs'], {
        count,
        avgInitMs: msOrNull,
        p90InitMs: msOrNull,
        phases: {
          type: 'array',
          items: obj(['name', 'avgMs', 'pct'], {
            name: { enum: ['runtime', 'imports', 'aws-sdk', 'custom', 'other'] },
            avgMs: msOrNull,
            pct: pctOrNull,
          }),
        },
        firstCallSetupMs: msOrNull,
        toFirstInvokeMs: msOrNull,
      }),
      imports: obj(['count', 'totalMs', 'largest', 'modules'], {
        count: { type: ['integer', 'null'], minimum: 0 },
        totalMs: msOrNull,
        largest: {
          oneOf: [{ type: 'null' }, obj(['module', 'ms'], { module: str, ms })],
        },
        modules: { type: 'array', items: obj(['module', 'ms', 'selfMs'], { module: str, ms, selfMs: ms }) },
      }),
      dynamodb: obj(['operations', 'sequentialGroups', 'issues'], {
        operations: {
          type: 'array',
          items: obj(['operation', 'table', 'count', 'avgMs', 'p90Ms', 'maxMs'], {
            operation: str,
            table: str,
            count,
            avgMs: ms,
            p90Ms: ms,
            maxMs: ms,
          }),
        },
        sequentialGroups: {
          type: 'array',
          items: obj(['operation', 'table', 'callsPerInvocation', 'frequencyPct', 'savingsMs'], {
            operation: str,
            table: str,
            callsPerInvocation: { type: 'number', minimum: 0 },
            frequencyPct: pct,
            savingsMs: ms,
          }),
        },
        issues: {
          type: 'array',
          items: obj(['id', 'table', 'detail', 'savingsMs'], {
            id: stableId,
            table: str,
            detail: str,
            savingsMs: msOrNull,
          }),
        },
      }),
      externalApis: {
        type: 'array',
        items: obj(
          [
            'service',
            'host',
            'count',
            'callsPerInvocation',
            'avgMs',
            'p50Ms',
            'p90Ms',
            'p99Ms',
            'errorRatePct',
            'retries',
            'connectionReusePct',
          ],
          {
            service: str,
            host: str,
            count,
            callsPerInvocation: { type: 'number', minimum: 0 },
            avgMs: ms,
            p50Ms: ms,
            p90Ms: ms,
            p99Ms: ms,
            errorRatePct: pct,
            retries: { type: ['integer', 'null'], minimum: 0 },
            connectionReusePct: pctOrNull,
          },
        ),
      },
      memory: obj(['allocatedMb', 'avgUsedMb', 'peakUsedMb', 'utilizationPct', 'leakSuspects', 'heavyOperations'], {
        allocatedMb: msOrNull,
        avgUsedMb: msOrNull,
        peakUsedMb: msOrNull,
        utilizationPct: pctOrNull,
        leakSuspects: {
          type: 'array',
          items: obj(['environment', 'growthMbPerInvocation'], {
            environment: str,
            growthMbPerInvocation: { type: 'number' },
          }),
        },
        heavyOperations: {
          type: 'array',
          items: obj(['name', 'location', 'heapDeltaMb', 'allocatedMb', 'count'], {
            name: str,
            location: { type: ['string', 'null'] },
            heapDeltaMb: { type: ['number', 'null'] },
            allocatedMb: { type: ['number', 'null'] },
            count,
            gcPauseMs: { type: ['number', 'null'], minimum: 0 },
          }),
        },
      }),
      serviceMap: obj(['nodes', 'edges'], {
        nodes: { type: 'array', items: obj(['id', 'name', 'type'], { id: str, name: str, type: str }) },
        edges: {
          type: 'array',
          items: obj(['from', 'to', 'count', 'avgMs', 'errorRatePct'], {
            from: str,
            to: str,
            count,
            avgMs: ms,
            errorRatePct: pct,
          }),
        },
      }),
      slowestTraces: {
        type: 'array',
        maxItems: 10,
        items: obj(['traceId', 'durationMs', 'pattern'], {
          traceId: { type: 'string', pattern: '^1-[0-9a-f]{8}-[0-9a-f]{24}$' },
          durationMs: ms,
          pattern: str,
          timeline: {
            type: 'array',
            items: obj(['name', 'startMs', 'durationMs', 'critical'], {
              name: str,
              startMs: { type: 'number' },
              durationMs: ms,
              critical: { type: 'boolean' },
            }),
          },
        }),
      },
      breakdowns: {
        type: 'object',
        additionalProperties: {
          type: 'array',
          items: obj(['value', 'invocations', 'p50Ms', 'p90Ms'], {
            value: str,
            invocations: count,
            p50Ms: msOrNull,
            p90Ms: msOrNull,
          }),
        },
      },
      bottlenecks: {
        type: 'array',
        maxItems: 5,
        items: obj(['id', 'name', 'location', 'avgMs', 'frequencyPct', 'rootCause', 'impact', 'savingsMs'], {
          id: stableId,
          name: str,
          location: str,
          avgMs: ms,
          frequencyPct: pct,
          rootCause: str,
          impact,
          savingsMs: ms,
        }),
      },
      recommendations: {
        type: 'array',
        items: obj(['id', 'priority', 'title', 'savingsMs', 'monthlySavingsUsd', 'evidence'], {
          id: stableId,
          priority: impact,
          title: { type: 'string', minLength: 1 },
          savingsMs: msOrNull,
          monthlySavingsUsd: { type: ['number', 'null'] },
          evidence: { type: 'array', items: str },
        }),
      },
      expected: obj(['coldStartMs', 'executionMs', 'monthlyCostUsd'], {
        coldStartMs: range,
        executionMs: range,
        monthlyCostUsd: range,
      }),
      notes: { type: 'array', items: str },
      method: str,
      slowestTracesShared: { type: 'array', items: str },
      rightSizing: {
        oneOf: [
          { type: 'null' },
          obj(
            [
              'currentMemoryMb',
              'recommendedMemoryMb',
              'cpuBoundPct',
              'predictedAvgMs',
              'monthlySavingsUsd',
              'evidence',
            ],
            {
              currentMemoryMb: { type: 'integer', minimum: 128, maximum: 10240 },
              recommendedMemoryMb: { type: 'integer', minimum: 128, maximum: 10240 },
              cpuBoundPct: pct,
              predictedAvgMs: msOrNull,
              monthlySavingsUsd: { type: ['number', 'null'] },
              evidence: { type: 'array', items: str },
            },
          ),
        ],
      },
      pricing: obj(['pricePerGbSecond', 'pricePerRequest', 'invocationsPerMonth', 'invocationsPerMonthSource'], {
        pricePerGbSecond: { type: 'number', exclusiveMinimum: 0 },
        pricePerRequest: { type: 'number', minimum: 0 },
        invocationsPerMonth: { type: ['number', 'null'], minimum: 0 },
        invocationsPerMonthSource: { enum: ['given', 'observed', null] },
      }),
      hotFunctions: obj(['profiles', 'avgSampledMs', 'avgOverheadMs', 'functions'], {
        profiles: { type: 'integer', minimum: 1 },
        avgSampledMs: msOrNull,
        avgOverheadMs: msOrNull,
        functions: {
          type: 'array',
          items: obj(['name', 'location', 'package', 'avgSelfMs', 'avgTotalMs', 'selfPct', 'profiles'], {
            name: str,
            location: { type: 'string', not: { pattern: '^(/|file:)' } },
            package: str,
            avgSelfMs: ms,
            avgTotalMs: ms,
            selfPct: pct,
            profiles: count,
          }),
        },
      }),
    },
  ),
} as const;
