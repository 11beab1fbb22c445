/**
 * JSON Schema (draft 2020-12) of the metadata contract. Kept beside `types.ts`; the contract tests
 * validate typed example documents against it, so the two cannot drift silently.
 * Objects are open (`additionalProperties` allowed) so that contract version 1 can grow fields.
 */

const num = { type: 'number' } as const;
const nonNegative = { type: 'number', minimum: 0 } as const;
const str = { type: 'string' } as const;
const bool = { type: 'boolean' } as const;
const version = { const: 1 } as const;
const annotationMap = {
  type: 'object',
  propertyNames: { pattern: '^[a-zA-Z0-9_]{1,500}$' },
  additionalProperties: { type: ['string', 'number', 'boolean'] },
} as const;
const initType = {
  enum: ['on-demand', 'provisioned-concurrency', 'snap-start', 'lambda-managed-instances', 'unknown'],
} as const;

export const metadataSchemaId = 'https://lambda-profiler.dev/schemas/metadata-v1.json';

export const metadataSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: metadataSchemaId,
  title: 'lambda-profiler X-Ray metadata (namespace "lambda-profiler")',
  type: 'object',
  properties: {
    invocation: { $ref: '#/$defs/invocation' },
    details: { $ref: '#/$defs/details' },
    init: { $ref: '#/$defs/init' },
    profile: { $ref: '#/$defs/profile' },
  },
  minProperties: 1,
  $defs: {
    memory: {
      type: 'object',
      required: ['limitMb', 'peakRssMb'],
      properties: {
        limitMb: { type: ['number', 'null'], minimum: 0 },
        heapUsedStartMb: nonNegative,
        heapUsedEndMb: nonNegative,
        heapTotalMb: nonNegative,
        peakRssMb: nonNegative,
        rssMb: nonNegative,
        externalMb: nonNegative,
        arrayBuffersMb: nonNegative,
      },
    },
    middlewareTiming: {
      type: 'object',
      required: ['position', 'name', 'phase', 'ms'],
      properties: {
        position: { type: 'integer', minimum: 0 },
        name: str,
        phase: { enum: ['before', 'after', 'onError', 'handler'] },
        ms: nonNegative,
      },
    },
    invocation: {
      type: 'object',
      required: [
        'v',
        'kind',
        'requestId',
        'coldStart',
        'initType',
        'environmentId',
        'invocationIndex',
        'sampled',
        'startEpochMs',
        'durationMs',
        'memory',
      ],
      properties: {
        v: version,
        kind: { const: 'invocation' },
        requestId: str,
        coldStart: bool,
        initType,
        environmentId: { type: 'string', minLength: 1 },
        invocationIndex: { type: 'integer', minimum: 1 },
        sampled: bool,
        startEpochMs: nonNegative,
        durationMs: nonNegative,
        memory: { $ref: '#/$defs/memory' },
        heapGrowthMb: num,
        cpu: {
          type: 'object',
          required: ['userMs', 'systemMs'],
          properties: { userMs: nonNegative, systemMs: nonNegative },
        },
        annotations: annotationMap,
        middlewares: { type: 'array', items: { $ref: '#/$defs/middlewareTiming' } },
        error: bool,
        earlyReturn: bool,
        truncated: bool,
      },
    },
    span: {
      type: 'object',
      required: ['name', 'startEpochMs', 'durationMs', 'parent'],
      properties: {
        name: { type: 'string', minLength: 1 },
        startEpochMs: nonNegative,
        durationMs: nonNegative,
        parent: { type: ['integer', 'null'], minimum: 0 },
        heapDeltaMb: num,
        attributes: annotationMap,
        error: bool,
      },
    },
    awsCall: {
      type: 'object',
      required: ['v', 'kind', 'service', 'operation', 'awsRequestId', 'startEpochMs', 'durationMs', 'tables'],
      properties: {
        v: version,
        kind: { const: 'aws-call' },
        service: str,
        operation: str,
        awsRequestId: { type: ['string', 'null'] },
        subsegmentId: { type: 'string', pattern: '^[0-9a-f]{16}$' },
        startEpochMs: nonNegative,
        durationMs: nonNegative,
        tables: { type: 'array', items: str },
        index: str,
        hasKeyCondition: bool,
        hasFilter: bool,
        hasProjection: bool,
        limit: { type: 'integer', minimum: 0 },
        consistentRead: bool,
        items: { type: 'integer', minimum: 0 },
        count: { type: 'integer', minimum: 0 },
        scannedCount: { type: 'integer', minimum: 0 },
        responseBytes: { type: 'integer', minimum: 0 },
        consumedCapacity: nonNegative,
        attempts: { type: 'integer', minimum: 1 },
        throttled: bool,
        unprocessed: { type: 'integer', minimum: 0 },
        keyAttributes: { type: 'array', items: str },
        filterAttributes: { type: 'array', items: str },
        keyHash: str,
        firstCallSetupMs: nonNegative,
        error: str,
      },
    },
    httpCall: {
      type: 'object',
      required: [
        'v',
        'kind',
        'host',
        'service',
        'method',
        'path',
        'status',
        'startEpochMs',
        'durationMs',
        'reusedSocket',
      ],
      properties: {
        v: version,
        kind: { const: 'http-call' },
        host: str,
        service: str,
        method: str,
        path: { type: 'string', not: { pattern: '\\?' } },
        status: { type: ['integer', 'null'] },
        subsegmentId: { type: 'string', pattern: '^[0-9a-f]{16}$' },
        startEpochMs: nonNegative,
        durationMs: nonNegative,
        reusedSocket: { type: ['boolean', 'null'] },
        dnsMs: nonNegative,
        connectMs: nonNegative,
        tlsMs: nonNegative,
        ttfbMs: nonNegative,
        timeoutMs: nonNegative,
        awsSdk: bool,
        error: str,
      },
    },
    details: {
      type: 'object',
      required: ['v', 'kind', 'requestId', 'spans', 'calls'],
      properties: {
        v: version,
        kind: { const: 'details' },
        requestId: str,
        spans: { type: 'array', items: { $ref: '#/$defs/span' } },
        calls: {
          type: 'array',
          items: { oneOf: [{ $ref: '#/$defs/awsCall' }, { $ref: '#/$defs/httpCall' }] },
        },
        truncated: {
          type: 'object',
          required: ['spans', 'calls'],
          properties: { spans: { type: 'integer', minimum: 0 }, calls: { type: 'integer', minimum: 0 } },
        },
      },
    },
    hotFunction: {
      type: 'object',
      required: ['name', 'location', 'package', 'selfMs', 'totalMs', 'selfPct'],
      properties: {
        name: str,
        // Package-relative, never an absolute path of the machine that ran the function.
        location: { type: 'string', minLength: 1, not: { pattern: '^(/|[A-Za-z]:\\\\|file:)' } },
        package: str,
        selfMs: nonNegative,
        totalMs: nonNegative,
        selfPct: { type: 'number', minimum: 0, maximum: 100 },
      },
    },
    allocationSite: {
      type: 'object',
      required: ['name', 'location', 'package', 'bytes', 'pct'],
      properties: {
        name: str,
        location: { type: 'string', minLength: 1, not: { pattern: '^(/|[A-Za-z]:\\\\|file:)' } },
        package: str,
        bytes: nonNegative,
        pct: { type: 'number', minimum: 0, maximum: 100 },
      },
    },
    profile: {
      type: 'object',
      required: ['v', 'kind', 'requestId', 'trigger', 'sequence', 'cpu', 'heap', 'overheadMs'],
      properties: {
        v: version,
        kind: { const: 'profile' },
        requestId: str,
        trigger: { enum: ['rate', 'slow'] },
        sequence: { type: 'integer', minimum: 1 },
        cpu: {
          type: ['object', 'null'],
          required: ['intervalUs', 'sampledMs', 'samples', 'functions'],
          properties: {
            intervalUs: nonNegative,
            sampledMs: nonNegative,
            samples: { type: 'integer', minimum: 0 },
            functions: { type: 'array', items: { $ref: '#/$defs/hotFunction' } },
          },
        },
        heap: {
          type: ['object', 'null'],
          required: ['intervalBytes', 'totalBytes', 'sites'],
          properties: {
            intervalBytes: nonNegative,
            totalBytes: nonNegative,
            sites: { type: 'array', items: { $ref: '#/$defs/allocationSite' } },
          },
        },
        overheadMs: nonNegative,
        truncated: {
          type: 'object',
          required: ['functions', 'sites'],
          properties: { functions: { type: 'integer', minimum: 0 }, sites: { type: 'integer', minimum: 0 } },
        },
      },
    },
    moduleTiming: {
      type: 'object',
      required: ['module', 'package', 'format', 'ms', 'selfMs'],
      properties: {
        // Never an absolute path of the machine that ran the function.
        module: { type: 'string', minLength: 1, not: { pattern: '^/' } },
        package: str,
        format: { enum: ['esm', 'cjs', 'bundle'] },
        ms: nonNegative,
        selfMs: nonNegative,
        bytes: { type: 'integer', minimum: 0 },
      },
    },
    init: {
      type: 'object',
      required: [
        'v',
        'kind',
        'environmentId',
        'initType',
        'processStartEpochMs',
        'durationMs',
        'phases',
        'custom',
        'toFirstInvokeMs',
        'proactive',
        'firstCallSetupMs',
        'imports',
      ],
      properties: {
        v: version,
        kind: { const: 'init' },
        environmentId: { type: 'string', minLength: 1 },
        initType,
        processStartEpochMs: nonNegative,
        durationMs: nonNegative,
        phases: {
          type: 'array',
          items: {
            type: 'object',
            required: ['name', 'ms'],
            properties: { name: { enum: ['runtime', 'imports', 'aws-sdk', 'custom', 'other'] }, ms: nonNegative },
          },
        },
        custom: {
          type: 'array',
          items: {
            type: 'object',
            required: ['name', 'startMs', 'ms'],
            properties: { name: { type: 'string', minLength: 1 }, startMs: nonNegative, ms: nonNegative },
          },
        },
        toFirstInvokeMs: nonNegative,
        proactive: bool,
        firstCallSetupMs: { type: ['number', 'null'], minimum: 0 },
        imports: {
          type: 'object',
          required: ['source', 'count', 'totalMs', 'modules', 'packages', 'omitted'],
          properties: {
            source: { enum: ['register', 'bundle', 'none'] },
            bundle: {
              type: 'object',
              required: ['bundler', 'bytes'],
              properties: { bundler: { enum: ['esbuild', 'webpack'] }, bytes: { type: 'integer', minimum: 0 } },
            },
            count: { type: 'integer', minimum: 0 },
            totalMs: nonNegative,
            modules: { type: 'array', items: { $ref: '#/$defs/moduleTiming' } },
            packages: {
              type: 'array',
              items: {
                type: 'object',
                required: ['package', 'files', 'ms', 'selfMs'],
                properties: {
                  package: str,
                  files: { type: 'integer', minimum: 0 },
                  ms: nonNegative,
                  selfMs: nonNegative,
                  bytes: { type: 'integer', minimum: 0 },
                },
              },
            },
            omitted: { type: 'integer', minimum: 0 },
          },
        },
      },
    },
  },
} as const;
