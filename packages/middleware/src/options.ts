import type { AnnotationValue } from './contract/types.js';
import type { DependencyOptions } from './dependencies/setup.js';
import type { MetricsLike, TracerLike } from './structural-types.js';

/** Where a profiler failure happened, passed to `onError`. */
export interface ProfilerErrorInfo {
  /** The step that failed: `before`, `after`, `annotate`, `xray`, `metrics`, `init`, `span`, `options`, … */
  stage: string;
}

export type MemoryMode = 'basic' | 'detailed';

/** Options of `profiler()`. Explicit option > `LAMBDA_PROFILER_*` environment variable > default. */
export interface ProfilerOptions extends DependencyOptions {
  /** Powertools Tracer: without it nothing goes to X-Ray. */
  tracer?: TracerLike;
  /** Powertools Metrics: without it no EMF metrics. */
  metrics?: MetricsLike;
  /** Turn the profiler off (no-op hooks). Env `LAMBDA_PROFILER_ENABLED`, default true. */
  enabled?: boolean;
  /**
   * Share (0…1) of invocations with detailed capture. Env `LAMBDA_PROFILER_SAMPLE_RATE`, default 0.05:
   * a sampled invocation costs ≈ 15 µs more (two heap probes, GC attribution, three EMF metrics); at
   * 5 % that is < 1 µs on average and stays out of p90, while production volumes still give every
   * environment enough samples for its leak trend.
   */
  sampleRate?: number;
  /** `detailed` = `process.memoryUsage()` and per-span heap on every invocation. Env `LAMBDA_PROFILER_MEMORY`. */
  memory?: MemoryMode;
  /**
   * Share (0…1) of invocations profiled with V8's sampling CPU and heap profilers (`node:inspector`),
   * sent as a `## lambda-profiler:profile` document. Env `LAMBDA_PROFILER_PROFILE_RATE`, default 0 (off:
   * no inspector session, nothing loaded). A profiled invocation pays ≈ 10–100 ms (reported per profile).
   */
  profileRate?: number;
  /**
   * Profile the next invocation after one slower than this many ms (0 = off).
   * Env `LAMBDA_PROFILER_SLOW_MS`, default 0.
   */
  slowMs?: number;
  /** Most modules listed one by one in the init document. Env `LAMBDA_PROFILER_TOP_MODULES`, default 25. */
  topModules?: number;
  /** Gap (ms) from init end to the first invocation above which init counts as proactive. Env `LAMBDA_PROFILER_PROACTIVE_INIT_MS`. */
  proactiveInitMs?: number;
  /** Extra annotations per invocation (e.g. platform, scenario). Must be cheap; errors are reported, not thrown. */
  annotate?: (event: unknown, context: unknown) => Record<string, AnnotationValue> | undefined;
  /** Receives every failure of the profiler itself. Default: one `console.warn` per process. */
  onError?: (error: unknown, info: ProfilerErrorInfo) => void;
}

/** Options after resolution: every tunable has its value. */
export interface ResolvedOptions {
  tracer: TracerLike | undefined;
  metrics: MetricsLike | undefined;
  enabled: boolean;
  sampleRate: number;
  memory: MemoryMode;
  profileRate: number;
  slowMs: number;
  topModules: number;
  proactiveInitMs: number;
  annotate: ProfilerOptions['annotate'];
  onError: (error: unknown, info: ProfilerErrorInfo) => void;
  dependencies: DependencyOptions;
}

/** Defaults and environment variables, one table (also in docs/middleware.md). */
export const OPTION_DEFAULTS = {
  enabled: { env: 'LAMBDA_PROFILER_ENABLED', value: true },
  sampleRate: { env: 'LAMBDA_PROFILER_SAMPLE_RATE', value: 0.05 },
  memory: { env: 'LAMBDA_PROFILER_MEMORY', value: 'basic' as MemoryMode },
  profileRate: { env: 'LAMBDA_PROFILER_PROFILE_RATE', value: 0 },
  slowMs: { env: 'LAMBDA_PROFILER_SLOW_MS', value: 0 },
  topModules: { env: 'LAMBDA_PROFILER_TOP_MODULES', value: 25 },
  proactiveInitMs: { env: 'LAMBDA_PROFILER_PROACTIVE_INIT_MS', value: 10_000 },
  http: { env: 'LAMBDA_PROFILER_HTTP', value: true },
  redact: { env: 'LAMBDA_PROFILER_REDACT', value: true },
  hosts: { env: 'LAMBDA_PROFILER_HOSTS', value: {} as Record<string, string> },
} as const;

let warned = false;

/** The default `onError`: one warning per process, so a broken emitter cannot flood the logs. */
export function defaultOnError(error: unknown, info: ProfilerErrorInfo): void {
  if (warned) return;
  warned = true;
  const message = error instanceof Error ? error.message : String(error);
  console.warn(`[lambda-profiler] ${info.stage} failed, profiling data may be incomplete: ${message}`);
}

/** Test seam: lets the default warning fire again. */
export function resetDefaultOnError(): void {
  warned = false;
}

type Problem = (message: string) => void;

function envBoolean(name: string, fallback: boolean, problem: Problem): boolean {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off'].includes(value)) return false;
  problem(`${name}=${raw} is not a boolean (true/false); using ${fallback}`);
  return fallback;
}

function envNumber(name: string, fallback: number, min: number, max: number, problem: Problem): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    problem(`${name}=${raw} is not a number in [${min}, ${max}]; using ${fallback}`);
    return fallback;
  }
  return value;
}

function envMemory(fallback: MemoryMode, problem: Problem): MemoryMode {
  const name = OPTION_DEFAULTS.memory.env;
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = raw.trim().toLowerCase();
  if (value === 'basic' || value === 'detailed') return value;
  problem(`${name}=${raw} is not basic or detailed; using ${fallback}`);
  return fallback;
}

/** `LAMBDA_PROFILER_HOSTS`: `host=Service Name,host2=Other` or a JSON object. */
function envHosts(problem: Problem): Record<string, string> | undefined {
  const name = OPTION_DEFAULTS.hosts.env;
  const raw = process.env[name]?.trim();
  if (!raw) return undefined;
  if (raw.startsWith('{')) {
    try {
      const parsed = JSON.parse(raw) as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        const out: Record<string, string> = {};
        for (const [host, service] of Object.entries(parsed)) if (typeof service === 'string') out[host] = service;
        return out;
      }
    } catch {
      // reported below
    }
    problem(`${name} is not a JSON object of host → service name`);
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const pair of raw.split(',')) {
    const item = pair.trim();
    const at = item.indexOf('=');
    if (at <= 0) {
      problem(`${name}: "${item}" is not host=Service Name`);
      continue;
    }
    out[item.slice(0, at).trim()] = item.slice(at + 1).trim();
  }
  return out;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** Resolves options: explicit option > `LAMBDA_PROFILER_*` environment variable > default. */
export function resolveOptions(options: ProfilerOptions = {}): ResolvedOptions {
  const onError = options.onError ?? defaultOnError;
  const problems: string[] = [];
  const problem: Problem = (message) => problems.push(message);
  const d = OPTION_DEFAULTS;
  const hosts = options.hosts ?? envHosts(problem);
  const http = options.http ?? envBoolean(d.http.env, d.http.value, problem);
  const redact = options.redact ?? (envBoolean(d.redact.env, d.redact.value, problem) ? undefined : false);
  const dependencies: DependencyOptions = { http };
  if (hosts) dependencies.hosts = hosts;
  if (redact !== undefined) dependencies.redact = redact;
  const resolved: ResolvedOptions = {
    tracer: options.tracer,
    metrics: options.metrics,
    enabled: options.enabled ?? envBoolean(d.enabled.env, d.enabled.value, problem),
    sampleRate: clamp(options.sampleRate ?? envNumber(d.sampleRate.env, d.sampleRate.value, 0, 1, problem), 0, 1),
    memory: options.memory ?? envMemory(d.memory.value, problem),
    profileRate: clamp(options.profileRate ?? envNumber(d.profileRate.env, d.profileRate.value, 0, 1, problem), 0, 1),
    slowMs: Math.max(0, options.slowMs ?? envNumber(d.slowMs.env, d.slowMs.value, 0, 1e9, problem)),
    topModules: Math.floor(
      clamp(options.topModules ?? envNumber(d.topModules.env, d.topModules.value, 0, 500, problem), 0, 500),
    ),
    proactiveInitMs:
      options.proactiveInitMs ?? envNumber(d.proactiveInitMs.env, d.proactiveInitMs.value, 0, 1e9, problem),
    annotate: options.annotate,
    onError,
    dependencies,
  };
  for (const message of problems) safeReport(onError, new Error(message), 'options');
  return resolved;
}

/** Calls `onError` without letting it throw into the handler. */
export function safeReport(
  onError: (error: unknown, info: ProfilerErrorInfo) => void,
  error: unknown,
  stage: string,
): void {
  try {
    onError(error, { stage });
  } catch {
    // The error callback itself failed: nothing left to tell.
  }
}
