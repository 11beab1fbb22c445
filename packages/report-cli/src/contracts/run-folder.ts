/**
 * The run folder contract: what `lambda-profiler run` writes and `generate <run-folder>` reads.
 *   traces.ndjson  one X-Ray document a line, exactly as the built-in daemon received it
 *   function.log   Lambda's log text: INIT_START / START / END / REPORT, and the function's stdout with
 *                  Lambda's `<time>\t<requestId>\t<LEVEL>\t` prefix on console lines
 *   run.json       the manifest below
 */

export const RUN_FILES = {
  traces: 'traces.ndjson',
  log: 'function.log',
  manifest: 'run.json',
} as const;

/** Why an execution environment ended. */
export type EnvironmentEndReason = 'drained' | 'timeout' | 'crash' | 'recycled' | 'init-error';

export interface RunEnvironment {
  /** Log-stream-style name: `YYYY/MM/DD/[$LATEST]<32 hex>`, as Lambda names them. */
  logStream: string;
  startedAt: string;
  endedAt: string | null;
  /** Init Duration as reported on its first REPORT line, ms. */
  initDurationMs: number | null;
  /** Request ids served, in order. */
  requestIds: string[];
  endReason: EnvironmentEndReason | null;
}

export interface RunManifest {
  $schema?: string;
  kind: 'lambda-profiler-run';
  v: 1;
  function: {
    name: string;
    /** `<path>.<export>`, relative to the working directory of the run. */
    handler: string;
    memoryMb: number;
    timeoutS: number;
    architecture: 'x86_64' | 'arm64';
    runtime: string;
  };
  mode: 'events' | 'serve';
  startedAt: string;
  endedAt: string;
  counts: {
    invocations: number;
    /** First invocations of environments whose init succeeded. */
    coldStarts: number;
    /** Every failed invocation: function errors, timeouts, crashes and init failures. */
    errors: number;
    /** Subset of `errors`. */
    timeouts: number;
    /** Subset of `errors`: the runtime process exited during the invocation. */
    crashes: number;
  };
  concurrency: number;
  environments: RunEnvironment[];
  collector: { documents: number; invalid: number };
  /** Always false locally: the CPU share is not scaled to the memory size as Lambda does. */
  cpuScaledToMemory: false;
  notes: string[];
}

const str = { type: 'string' } as const;
const iso = { type: 'string', format: 'date-time' } as const;
const count = { type: 'integer', minimum: 0 } as const;

export const runManifestSchemaId = 'https://lambda-profiler.dev/schemas/run-v1.json';

export const runManifestSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: runManifestSchemaId,
  title: 'lambda-profiler run folder manifest (run.json)',
  type: 'object',
  required: [
    'kind',
    'v',
    'function',
    'mode',
    'startedAt',
    'endedAt',
    'counts',
    'concurrency',
    'environments',
    'collector',
    'cpuScaledToMemory',
    'notes',
  ],
  properties: {
    $schema: str,
    kind: { const: 'lambda-profiler-run' },
    v: { const: 1 },
    function: {
      type: 'object',
      required: ['name', 'handler', 'memoryMb', 'timeoutS', 'architecture', 'runtime'],
      properties: {
        name: { type: 'string', minLength: 1 },
        handler: { type: 'string', pattern: '^[^/].*\\.[A-Za-z_$][\\w$]*$' },
        memoryMb: { type: 'integer', minimum: 128, maximum: 10240 },
        timeoutS: { type: 'number', exclusiveMinimum: 0, maximum: 900 },
        architecture: { enum: ['x86_64', 'arm64'] },
        runtime: str,
      },
    },
    mode: { enum: ['events', 'serve'] },
    startedAt: iso,
    endedAt: iso,
    counts: {
      type: 'object',
      required: ['invocations', 'coldStarts', 'errors', 'timeouts', 'crashes'],
      properties: { invocations: count, coldStarts: count, errors: count, timeouts: count, crashes: count },
    },
    concurrency: { type: 'integer', minimum: 1 },
    environments: {
      type: 'array',
      items: {
        type: 'object',
        required: ['logStream', 'startedAt', 'endedAt', 'initDurationMs', 'requestIds', 'endReason'],
        properties: {
          logStream: { type: 'string', pattern: '^\\d{4}/\\d{2}/\\d{2}/\\[\\$LATEST\\][0-9a-f]{32}$' },
          startedAt: iso,
          endedAt: { type: ['string', 'null'], format: 'date-time' },
          initDurationMs: { type: ['number', 'null'], minimum: 0 },
          requestIds: { type: 'array', items: str },
          endReason: { enum: ['drained', 'timeout', 'crash', 'recycled', 'init-error', null] },
        },
      },
    },
    collector: {
      type: 'object',
      required: ['documents', 'invalid'],
      properties: { documents: count, invalid: count },
    },
    cpuScaledToMemory: { const: false },
    notes: { type: 'array', items: str },
  },
} as const;
