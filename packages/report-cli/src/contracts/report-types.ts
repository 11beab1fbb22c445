/**
 * The report contract (schemaVersion 1). DESIGN.md fixes the minimum fields; additions keep
 * schemaVersion 1, renames and removals need 2. Percent fields are 0–100. A figure the data cannot
 * support is `null`, and `notes[]` says what to enable. Times are ISO-8601 strings.
 */

export type Impact = 'HIGH' | 'MEDIUM' | 'LOW';
export type ReportSource = 'local' | 'files' | 'aws';
export type Architecture = 'x86_64' | 'arm64';
export type ColdStartPhaseName = 'runtime' | 'imports' | 'aws-sdk' | 'custom' | 'other';

export interface LatencyStats {
  avgMs: number | null;
  p50Ms: number | null;
  p90Ms: number | null;
  p99Ms: number | null;
}

export interface ReportFunction {
  name: string;
  memoryMb: number | null;
  architecture: Architecture | null;
  timeoutS: number | null;
}

export interface ReportSample {
  traces: number;
  invocations: number;
  coldStarts: number;
  from: string | null;
  to: string | null;
}

export interface ColdStartPhase {
  name: ColdStartPhaseName;
  avgMs: number | null;
  pct: number | null;
}

export interface ColdStartSection {
  count: number;
  avgInitMs: number | null;
  p90InitMs: number | null;
  phases: ColdStartPhase[];
  firstCallSetupMs: number | null;
  toFirstInvokeMs: number | null;
}

export interface ImportModule {
  module: string;
  ms: number;
  selfMs: number;
}

export interface ImportsSection {
  count: number | null;
  totalMs: number | null;
  largest: { module: string; ms: number } | null;
  modules: ImportModule[];
}

export interface DynamoOperation {
  operation: string;
  table: string;
  count: number;
  avgMs: number;
  p90Ms: number;
  maxMs: number;
}

export interface DynamoSequentialGroup {
  operation: string;
  table: string;
  callsPerInvocation: number;
  frequencyPct: number;
  savingsMs: number;
}

export interface DynamoIssue {
  id: string;
  table: string;
  detail: string;
  savingsMs: number | null;
}

export interface DynamoSection {
  operations: DynamoOperation[];
  sequentialGroups: DynamoSequentialGroup[];
  issues: DynamoIssue[];
}

export interface ExternalApi {
  service: string;
  host: string;
  count: number;
  callsPerInvocation: number;
  avgMs: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  errorRatePct: number;
  retries: number | null;
  connectionReusePct: number | null;
}

export interface LeakSuspect {
  environment: string;
  growthMbPerInvocation: number;
}

export interface HeavyOperation {
  name: string;
  location: string | null;
  heapDeltaMb: number | null;
  allocatedMb: number | null;
  count: number;
  /** Addition in v1: average GC pause time (ms) within the span on sampled invocations, when recorded. */
  gcPauseMs?: number | null;
}

/** Addition in v1: one function of the sampled CPU profiles. */
export interface HotFunctionRow {
  name: string;
  /** Package-relative definition site (`./src/flows.ts:42`), mapped through source maps. */
  location: string;
  package: string;
  /** Average self time per profiled invocation. */
  avgSelfMs: number;
  /** Average time with its callees per profiled invocation. */
  avgTotalMs: number;
  /** Share (0–100) of all sampled CPU time. */
  selfPct: number;
  /** Profiles the function appears in. */
  profiles: number;
}

/** Addition in v1: where CPU time goes, from the middleware's sampled profiles (`profileRate`, `slowMs`). */
export interface HotFunctionsSection {
  profiles: number;
  avgSampledMs: number | null;
  /** What profiling added to a profiled invocation, on average. */
  avgOverheadMs: number | null;
  functions: HotFunctionRow[];
}

export interface MemorySection {
  allocatedMb: number | null;
  avgUsedMb: number | null;
  peakUsedMb: number | null;
  utilizationPct: number | null;
  leakSuspects: LeakSuspect[];
  heavyOperations: HeavyOperation[];
}

export interface ServiceMapNode {
  id: string;
  name: string;
  type: string;
}

export interface ServiceMapEdge {
  from: string;
  to: string;
  count: number;
  avgMs: number;
  errorRatePct: number;
}

/** One row of a trace timeline (offsets from the handler start). Addition in v1. */
export interface TimelineEntry {
  name: string;
  startMs: number;
  durationMs: number;
  /** On the critical path. */
  critical: boolean;
}

export interface SlowTrace {
  traceId: string;
  durationMs: number;
  pattern: string;
  /** Addition in v1: the trace's work, for the timeline diagram (the slowest trace only). */
  timeline?: TimelineEntry[];
}

/** Addition in v1: the memory-size recommendation's model and its result. */
export interface RightSizing {
  currentMemoryMb: number;
  recommendedMemoryMb: number;
  cpuBoundPct: number;
  predictedAvgMs: number | null;
  monthlySavingsUsd: number | null;
  evidence: string[];
}

/** Addition in v1: the prices and volume the dollar figures use. */
export interface PricingUsed {
  pricePerGbSecond: number;
  pricePerRequest: number;
  invocationsPerMonth: number | null;
  invocationsPerMonthSource: 'given' | 'observed' | null;
}

export interface BreakdownRow {
  value: string;
  invocations: number;
  p50Ms: number | null;
  p90Ms: number | null;
}

export interface Bottleneck {
  id: string;
  name: string;
  location: string;
  avgMs: number;
  frequencyPct: number;
  rootCause: string;
  impact: Impact;
  savingsMs: number;
}

export interface Recommendation {
  /** Stable id from DESIGN.md; an anchor in docs/recommendations.md. */
  id: string;
  priority: Impact;
  title: string;
  savingsMs: number | null;
  monthlySavingsUsd: number | null;
  evidence: string[];
}

export interface Range {
  from: number | null;
  to: number | null;
}

export interface ProfilingReport {
  $schema?: string;
  schemaVersion: 1;
  generatedAt: string;
  source: ReportSource;
  function: ReportFunction;
  sample: ReportSample;
  latency: { invocation: LatencyStats; cold: LatencyStats; warm: LatencyStats };
  errors: { count: number; ratePct: number | null; timeouts: number; throttles: number };
  coldStart: ColdStartSection;
  imports: ImportsSection;
  dynamodb: DynamoSection;
  externalApis: ExternalApi[];
  memory: MemorySection;
  serviceMap: { nodes: ServiceMapNode[]; edges: ServiceMapEdge[] };
  slowestTraces: SlowTrace[];
  breakdowns: Record<string, BreakdownRow[]>;
  bottlenecks: Bottleneck[];
  recommendations: Recommendation[];
  expected: { coldStartMs: Range; executionMs: Range; monthlyCostUsd: Range };
  notes: string[];
  /** Addition in v1: how the data was gathered (for the report's Method line). */
  method?: string;
  /** Addition in v1: what the slowest traces have in common. */
  slowestTracesShared?: string[];
  /** Addition in v1. */
  rightSizing?: RightSizing | null;
  /** Addition in v1. */
  pricing?: PricingUsed;
  /** Addition in v1: present when the traces carry sampled CPU profiles. */
  hotFunctions?: HotFunctionsSection;
}
