import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { breakdownsAnalyzer } from '../analyzers/breakdowns.js';
import { coldStartAnalyzer } from '../analyzers/cold-start.js';
import { dynamodbAnalyzer } from '../analyzers/dynamodb.js';
import { errorsAnalyzer } from '../analyzers/errors.js';
import { externalApisAnalyzer } from '../analyzers/external-apis.js';
import { type Claim, findClaims } from '../analyzers/findings.js';
import { heavyOperationsAnalyzer } from '../analyzers/heavy-operations.js';
import { hotFunctionsAnalyzer } from '../analyzers/hot-functions.js';
import { importsAnalyzer } from '../analyzers/imports.js';
import { latencyAnalyzer } from '../analyzers/latency.js';
import { memoryAnalyzer } from '../analyzers/memory.js';
import { ownTimeAnalyzer } from '../analyzers/own-time.js';
import { savingsAnalyzer } from '../analyzers/savings.js';
import { serviceMapAnalyzer } from '../analyzers/service-map.js';
import { slowestAnalyzer } from '../analyzers/slowest.js';
import { InputError } from '../cli/errors.js';
import type { Architecture, ProfilingReport, ReportSource } from '../contracts/report-types.js';
import { RUN_FILES, type RunManifest } from '../contracts/run-folder.js';
import { validateRunManifest } from '../contracts/validate.js';
import { TraceAssembler } from '../model/assembler.js';
import { counted } from '../model/counted.js';
import { markCriticalPath } from '../model/critical-path.js';
import { buildInvocations } from '../model/invocation.js';
import { LogStore } from '../model/log-store.js';
import { round } from '../model/stats.js';
import type { Invocation, ReportRecord } from '../model/types.js';
import { readCloudWatchEvents } from '../readers/cloudwatch-events.js';
import { type InputFormat, LOG_FORMATS, TRACE_FORMATS } from '../readers/detect.js';
import { Diagnostics } from '../readers/diagnostics.js';
import { type FunctionConfig, readFunctionConfig } from '../readers/function-config.js';
import { parseJsonFile } from '../readers/json-file.js';
import { endOfLogText, type LineContext, readLogLine } from '../readers/lambda-log.js';
import { forEachLine } from '../readers/lines.js';
import { readXrayJson, readXrayNdjson } from '../readers/xray.js';
import { buildRecommendations } from '../recommendations/build.js';
import { pricingFor } from '../recommendations/pricing.js';
import { fillFromEmf } from './emf-figures.js';
import { type ClassifiedInput, classifyInputs } from './inputs.js';
import type { GenerateOptions } from './options.js';
import { ReadMeter } from './read-meter.js';

/** Named invocations looked at before the profiled function is chosen (the most frequent name). */
const LOCK_AFTER = 50;
const MIN_OBSERVED_SPAN_MS = 10 * 60 * 1000;
const MONTH_MS = 30 * 24 * 3600 * 1000;
/** Services named when traces hold no Lambda function (the error says what they hold instead). */
const MAX_OTHER_SERVICES = 5;

async function readManifest(file: string): Promise<RunManifest> {
  const value = await parseJsonFile(file);
  const result = validateRunManifest(value);
  if (!result.valid || !result.manifest) {
    const first = result.errors[0] ?? '/: invalid';
    const [field, ...message] = first.split(': ');
    throw new InputError(message.join(': ') || 'invalid', { file, field: field === '/' ? undefined : field });
  }
  return result.manifest;
}

/**
 * The annotations of every log-only invocation: none. Analyzers only read annotations; one Map per
 * invocation was 1 % of a log-only run's profile (100,000 empty Maps).
 */
const NO_ANNOTATIONS = new Map<string, string>();

function logOnly(r: ReportRecord, store: LogStore): Invocation {
  const timeout = r.status === 'timeout' || store.timeouts.has(r.requestId);
  // One look-up answers has() and get(): the map's values are strings or null, never undefined.
  const logged = store.errors.get(r.requestId);
  const errorType = logged ?? r.errorType;
  return {
    traceId: r.traceId,
    requestId: r.requestId,
    functionName: null,
    startMs: r.timestampMs !== null ? r.timestampMs - r.durationMs : null,
    durationMs: r.durationMs,
    coldStart: r.initDurationMs !== null || r.restoreDurationMs !== null,
    initMs: r.initDurationMs,
    traceInitMs: null,
    report: r,
    error: logged !== undefined || r.status === 'error' || r.status === 'failure',
    fault: false,
    throttle: false,
    timeout,
    errorType: errorType ?? null,
    annotations: NO_ANNOTATIONS,
    calls: [],
    root: null,
    environment: store.environmentOf(r.requestId, r),
    memory: { allocatedMb: r.memorySizeMb, maxUsedMb: r.maxMemoryUsedMb },
    profiler: {},
    upstream: [],
    hasTrace: false,
  };
}

/** Joins an invocation from a trace with its REPORT line and log facts. */
function join_(inv: Invocation, store: LogStore): void {
  const r = store.take(inv.requestId, inv.traceId);
  if (r) {
    inv.report = r;
    inv.requestId = r.requestId;
    inv.durationMs = r.durationMs;
    if (r.initDurationMs !== null) {
      inv.coldStart = true;
      inv.initMs = r.initDurationMs;
    } else if (inv.coldStart === null) inv.coldStart = false;
    inv.memory = {
      allocatedMb: r.memorySizeMb ?? inv.memory.allocatedMb,
      maxUsedMb: r.maxMemoryUsedMb ?? inv.memory.maxUsedMb,
    };
  }
  if (inv.coldStart === true && inv.initMs === null)
    inv.initMs = inv.traceInitMs ?? inv.profiler.init?.durationMs ?? null;
  if (inv.requestId) {
    if (store.timeouts.has(inv.requestId) || r?.status === 'timeout') inv.timeout = true;
    // One look-up answers has() and get(): the map's values are strings or null, never undefined.
    const logged = store.errors.get(inv.requestId);
    if (logged !== undefined) {
      inv.error = true;
      inv.errorType = logged;
    }
    const environment = store.environmentOf(inv.requestId, r);
    // Log streams and run.json name environments for certain; a text file's inference is a guess
    // that the middleware's own environment id (from the trace) beats.
    if (environment !== null && !(inv.environment !== null && store.isInferred(environment)))
      inv.environment = environment;
  }
  if (r && (r.status === 'error' || r.status === 'failure')) {
    inv.error = true;
    inv.errorType ??= r.errorType;
  }
}

/** `2 duplicate and 1 late documents were ignored`, naming only the kinds there were. */
function ignoredDocuments(duplicates: number, late: number): string {
  const kinds = [duplicates > 0 ? `${duplicates} duplicate` : null, late > 0 ? `${late} late` : null];
  return `${kinds.filter((k) => k !== null).join(' and ')} ${duplicates + late === 1 ? 'document was' : 'documents were'} ignored (never counted as calls).`;
}

/** ISO 8601 of years 0000-9999 (what `date-time` allows); null outside (absurd input durations). */
function toIso(ms: number | null): string | null {
  if (ms === null || !(ms >= -62167219200000 && ms <= 253402300799999)) return null;
  return new Date(Math.round(ms)).toISOString();
}

/**
 * The whole pipeline: readers → trace model → analyzers → findings → recommendations. Returns a
 * report in the v1 contract; throws InputError (one clear line) for unusable input.
 */
export async function generateReport(options: GenerateOptions): Promise<ProfilingReport> {
  const diag = new Diagnostics();
  if (options.onWarning) {
    const warn = diag.warn.bind(diag);
    const hook = options.onWarning;
    diag.warn = (location, message) => {
      warn(location, message);
      hook(diag.warnings[diag.warnings.length - 1] ?? message);
    };
  }
  const forced: InputFormat[] =
    options.inputFormat === undefined ? [] : ([] as InputFormat[]).concat(options.inputFormat);
  const traces = [...(options.traces ?? [])];
  const logs = [...(options.logs ?? [])];
  let manifest: RunManifest | null = null;
  if (options.runFolder) {
    const dir = options.runFolder;
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new InputError('not a folder', { file: dir });
    const manifestPath = join(dir, RUN_FILES.manifest);
    if (!existsSync(manifestPath))
      throw new InputError(`not a run folder: ${RUN_FILES.manifest} missing`, { file: dir });
    manifest = await readManifest(manifestPath);
    for (const [name, list] of [
      [RUN_FILES.traces, traces],
      [RUN_FILES.log, logs],
    ] as const) {
      const p = join(dir, name);
      if (existsSync(p) && statSync(p).size > 0) list.push(p);
      else diag.note(`${p} is missing or empty.`);
    }
  }
  if (traces.length === 0 && logs.length === 0)
    throw new InputError('no inputs: give --traces and/or --logs, or a run folder', {});
  const inputs: ClassifiedInput[] = [
    ...classifyInputs(traces, 'traces', forced, diag),
    ...classifyInputs(logs, 'logs', forced, diag),
  ];
  const unique = [...new Map(inputs.map((i) => [i.path, i])).values()];

  // 1. Configuration: get-function-configuration output, run.json.
  const config: FunctionConfig = {};
  for (const input of unique) {
    if (input.format === 'function-config') Object.assign(config, await readFunctionConfig(input.path));
    else if (input.format === 'run-manifest' && !manifest) manifest = await readManifest(input.path);
  }
  const o = options.functionConfig ?? {};
  const source: ReportSource = options.source ?? (manifest ? 'local' : 'files');

  // 2. Logs: reduced to numbers by request id.
  const store = new LogStore();
  if (manifest) store.setEnvironments(manifest.environments);
  const logInputs = unique.filter((i) => LOG_FORMATS.includes(i.format));
  const logFiles = logInputs.length;
  const logMeter = new ReadMeter('logs', logInputs, () => store.reportCount, options.onProgress);
  for (const input of logInputs) {
    if (input.format === 'cloudwatch-log-events') await readCloudWatchEvents(input.path, store, diag, logMeter.onBytes);
    else {
      const file = input.path;
      // `aws logs tail` lines set stream and time on it (see readLogLine); plain text keeps the file.
      const ctx: LineContext = {
        file,
        line: 0,
        stream: file,
        isLogStream: false,
        timestampMs: undefined,
        pretty: null,
      };
      // Default (4 MB) chunks, although every string the store keeps is a detached copy: 64 KB
      // chunks made the log pass alone ~10 % cheaper, but the NDJSON run of 100,000 invocations
      // (trace pass after it) took 11.3 s CPU instead of main's 6.8 s (medians of 6, ABBA) and
      // +90 MB peak RSS.
      await forEachLine(
        file,
        (line, lineNo) => {
          ctx.line = lineNo;
          readLogLine(line, ctx, store, diag);
        },
        { onBytes: logMeter.onBytes },
      );
      endOfLogText(ctx, diag);
    }
    logMeter.done(input);
  }

  // 3. Analyzers (pure folds), fed one invocation at a time.
  let mainName: string | null = null;
  const fnName = () => o.name ?? config.name ?? manifest?.function.name ?? mainName ?? 'unknown';
  const allocated = o.memoryMb ?? config.memoryMb ?? manifest?.function.memoryMb ?? null;
  const latency = latencyAnalyzer();
  const errors = errorsAnalyzer();
  const coldStart = coldStartAnalyzer();
  const imports = importsAnalyzer();
  const dynamodb = dynamodbAnalyzer();
  const externalApis = externalApisAnalyzer();
  const memory = memoryAnalyzer({ allocatedMb: allocated });
  const ownTime = ownTimeAnalyzer();
  const savings = savingsAnalyzer();
  const serviceMap = serviceMapAnalyzer(fnName);
  const slowest = slowestAnalyzer();
  const breakdowns = breakdownsAnalyzer();
  const hotFunctions = hotFunctionsAnalyzer();
  const heavyOperations = heavyOperationsAnalyzer();

  // One call site per analyzer, not a loop over a list of them: 14 different objects made one
  // megamorphic `a.add` call that V8 could neither cache nor inline (measured below).
  const noClaims: readonly Claim[] = [];
  const fold = (inv: Invocation) => {
    join_(inv, store);
    if (inv.root) markCriticalPath(inv.root);
    const claims = inv.root ? findClaims(inv) : noClaims;
    latency.add(inv, claims);
    errors.add(inv, claims);
    coldStart.add(inv, claims);
    imports.add(inv, claims);
    dynamodb.add(inv, claims);
    externalApis.add(inv, claims);
    memory.add(inv, claims);
    ownTime.add(inv, claims);
    savings.add(inv, claims);
    serviceMap.add(inv, claims);
    slowest.add(inv, claims);
    breakdowns.add(inv, claims);
    hotFunctions.add(inv, claims);
    heavyOperations.add(inv, claims);
  };

  // 4. Traces: assembled within a bounded window, reduced to invocations, folded, dropped.
  const knownName = o.name ?? config.name ?? manifest?.function.name ?? null;
  const buffer: Invocation[] = [];
  const otherServices = new Set<string>();
  const nameCounts = new Map<string, number>();
  let otherFunctions = 0;
  let locked = false;
  const lock = () => {
    if (locked) return;
    locked = true;
    const ranked = [...nameCounts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    mainName = knownName !== null && nameCounts.has(knownName) ? knownName : (ranked[0]?.[0] ?? knownName);
    for (const inv of buffer.splice(0)) route(inv);
  };
  const route = (inv: Invocation) => {
    if (!locked) {
      buffer.push(inv);
      if (inv.functionName) {
        nameCounts.set(inv.functionName, (nameCounts.get(inv.functionName) ?? 0) + 1);
        if (nameCounts.get(inv.functionName)! >= LOCK_AFTER || buffer.length >= LOCK_AFTER * 4) lock();
      }
      return;
    }
    if (inv.functionName !== null && mainName !== null && inv.functionName !== mainName) {
      otherFunctions++;
      return;
    }
    fold(inv);
  };
  const assembler = new TraceAssembler({
    windowDocs: options.assembly?.windowDocs ?? 20_000,
    graceDocs: options.assembly?.graceDocs ?? 200,
    onTrace: (trace) => {
      const built = buildInvocations(trace);
      for (const inv of built.invocations) route(inv);
      // What traces without a function hold: named if no invocation is found at all.
      if (built.invocations.length === 0 && otherServices.size < MAX_OTHER_SERVICES)
        for (const seg of built.otherSegments)
          if (otherServices.size < MAX_OTHER_SERVICES)
            otherServices.add(typeof seg.origin === 'string' ? `${seg.name} (${seg.origin})` : seg.name);
    },
  });
  const traceInputs = unique.filter((i) => TRACE_FORMATS.includes(i.format));
  const traceFiles = traceInputs.length;
  const traceMeter = new ReadMeter('traces', traceInputs, () => assembler.counts.documents, options.onProgress);
  for (const input of traceInputs) {
    if (input.format === 'xray-ndjson') await readXrayNdjson(input.path, assembler, diag, traceMeter.onBytes);
    else await readXrayJson(input.path, assembler, diag, traceMeter.onBytes);
    traceMeter.done(input);
  }
  assembler.flush();
  lock();
  for (const r of store.unjoined()) fold(logOnly(r, store));

  const lat = latency.finish();
  if (lat.invocations === 0) {
    const why =
      diag.warningCount > 0
        ? `every record was invalid (first: ${diag.warnings[0]})`
        : `no Lambda invocations found (no function segments or subsegments in the traces, no REPORT lines in the logs)${
            otherServices.size > 0 ? `; the traces hold segments of ${[...otherServices].join(', ')}` : ''
          }`;
    throw new InputError(why, {});
  }

  // 5. Function facts and pricing.
  const memoryMb = o.memoryMb ?? config.memoryMb ?? manifest?.function.memoryMb ?? store.memorySizeMb ?? null;
  const architecture: Architecture | null =
    o.architecture ?? config.architecture ?? manifest?.function.architecture ?? null;
  const timeoutS = o.timeoutS ?? config.timeoutS ?? manifest?.function.timeoutS ?? store.observedTimeoutS ?? null;
  const fn = { name: fnName(), memoryMb: memoryMb !== null ? Math.round(memoryMb) : null, architecture, timeoutS };
  const pricing = pricingFor(architecture, options);
  const notes: string[] = [];
  if (options.invocationsPerMonth !== undefined) {
    pricing.invocationsPerMonth = options.invocationsPerMonth;
    pricing.invocationsSource = 'given';
  } else if (
    source !== 'local' &&
    store.reportCount >= 10 &&
    lat.fromMs !== null &&
    lat.toMs !== null &&
    lat.toMs - lat.fromMs >= MIN_OBSERVED_SPAN_MS &&
    lat.toMs - lat.fromMs <= MONTH_MS
  ) {
    pricing.invocationsPerMonth = Math.round((store.reportCount / (lat.toMs - lat.fromMs)) * MONTH_MS);
    pricing.invocationsSource = 'observed';
    notes.push(
      `Monthly volume observed: ${store.reportCount} REPORT lines over ${round((lat.toMs - lat.fromMs) / 60000)} minutes ≈ ${pricing.invocationsPerMonth.toLocaleString('en-US')} invocations per month; pass --invocations-per-month to use another volume.`,
    );
  } else
    notes.push(
      'Dollar figures need a monthly volume: pass --invocations-per-month N (the sample is too short or local to extrapolate).',
    );

  const dynamo = dynamodb.finish();
  const memoryResult = memory.finish();
  // Sampled spans' heap growth first, then the allocation sites of the sampled heap profiles.
  memoryResult.heavyOperations = [...memoryResult.heavyOperations, ...heavyOperations.finish()];
  const hot = hotFunctions.finish();
  const results = {
    latency: lat,
    errors: errors.finish(),
    coldStart: coldStart.finish(),
    imports: imports.finish(),
    dynamodb: dynamo,
    externalApis: externalApis.finish(),
    memory: memoryResult,
    ownTime: ownTime.finish(),
    savings: savings.resolve(dynamo.references),
    hotFunctions: hot,
  };
  // Before the recommendations, which read these figures (memory right-sizing, init).
  const emfNotes = fillFromEmf(store.emf, results, fn.memoryMb);
  const built = buildRecommendations(results, { fn, pricing, local: source === 'local' });
  const slow = slowest.finish();

  // 6. Notes: what the data could not support, and what to enable.
  const cs = results.coldStart;
  if (source === 'local')
    notes.push(
      'Local run (lambda-profiler run): durations were measured on this machine and local CPU is not scaled to the memory size, so CPU-bound time is shorter than on Lambda at small sizes.',
    );
  if (lat.traces === 0)
    notes.push(
      'No X-Ray traces: DynamoDB, external API, critical-path, service map and slowest-trace analyses need active tracing (SAM `Tracing: Active`, Serverless `tracing.lambda: true`, CDK `Tracing.ACTIVE`) and the traces (--traces).',
    );
  if (store.reportCount === 0)
    notes.push(
      "No Lambda REPORT lines: give the function's CloudWatch logs (--logs) for exact Duration, Init Duration and Max Memory Used.",
    );
  else if (lat.traces > 0 && store.joined === 0)
    notes.push(
      'No REPORT line matched a trace (by request id or trace id): latency uses REPORT lines and traces as separate invocations.',
    );
  if (fn.memoryMb === null) notes.push('Memory size unknown: give get-function-configuration output or REPORT lines.');
  if (architecture === null)
    notes.push(
      'Architecture unknown: give get-function-configuration output (Architectures); x86_64 prices were assumed.',
    );
  if (timeoutS === null) notes.push('Timeout unknown: give get-function-configuration output for timeout headroom.');
  if (results.memory.avgUsedMb === null)
    notes.push('Memory used unknown: give REPORT lines (--logs) or add the middleware (peak RSS per invocation).');
  if (cs.count > 0 && cs.phases.length === 0)
    notes.push(
      'Cold-start phases (runtime, imports, AWS SDK, custom) need the middleware\'s init record: use profiler() with NODE_OPTIONS="--import @lambda-profiler/middleware/register".',
    );
  if (cs.count > 0 && cs.avgInitMs === null)
    notes.push(
      'Init duration unknown: give REPORT lines (Init Duration) or traces with the Initialization subsegment.',
    );
  if (!results.imports.measured && results.imports.totalMs === null)
    notes.push(
      'Import timings need NODE_OPTIONS="--import @lambda-profiler/middleware/register" in the function\'s environment.',
    );
  if (results.externalApis.apis.length > 0 && results.externalApis.apis.every((a) => a.connectionReusePct === null))
    notes.push("Connection reuse needs the middleware's HTTP insight (http-call records).");
  if (lat.traces > 0 && results.dynamodb.operations.length === 0 && results.externalApis.apis.length === 0)
    notes.push(
      'No downstream calls in the traces: wrap AWS SDK clients (tracer.captureAWSv3Client or instrumentAWSClient) and trace HTTP to see DynamoDB and API calls.',
    );
  if (results.memory.heavyOperations.length === 0 && results.memory.sampledSpans === 0)
    notes.push('Memory-heavy operations need sampled spans (LAMBDA_PROFILER_SAMPLE_RATE > 0 with span()).');
  const interleaved = store.interleavedStreams();
  if (interleaved.length > 0)
    notes.push(
      `Execution environments could not be told apart in ${interleaved.join(', ')} (concurrent invocations interleave): invocations take the middleware's environment id from their trace where it carries one; otherwise leak detection needs run.json or CloudWatch log streams.`,
    );
  if (lat.unknownColdState > 0)
    notes.push(
      `${counted(lat.unknownColdState, 'invocation has', 'invocations have')} no cold/warm marker (no Initialization subsegment, ColdStart annotation or REPORT line).`,
    );
  const counts = assembler.counts;
  if (counts.incompleteTraces > 0)
    notes.push(
      `${counted(counts.incompleteTraces, 'trace was', 'traces were')} incomplete when their assembly window closed (a parent document never arrived).`,
    );
  if (counts.duplicates > 0 || counts.late > 0) notes.push(ignoredDocuments(counts.duplicates, counts.late));
  if (otherFunctions > 0)
    notes.push(
      `${counted(otherFunctions, 'invocation')} of other functions in the same traces ${otherFunctions === 1 ? 'was' : 'were'} left out (profiled: ${fn.name}).`,
    );
  if (diag.warningCount > 0)
    notes.push(
      `${counted(diag.warningCount, 'input record was', 'input records were')} invalid and skipped (first: ${diag.warnings[0]}).`,
    );
  notes.push(...emfNotes, ...diag.notes, ...built.notes, ...(options.notes ?? []));

  const method = [
    traceFiles > 0
      ? `X-Ray traces (${counted(counts.documents, 'document')}, ${counted(lat.traces, 'traced invocation')})`
      : null,
    logFiles > 0 ? `Lambda logs (${counted(store.reportCount, 'REPORT line')})` : null,
    source === 'local'
      ? 'from a local run (lambda-profiler run)'
      : source === 'aws'
        ? 'downloaded from AWS'
        : 'from files',
  ]
    .filter(Boolean)
    .join(' + ')
    .replace(' + from', ', from')
    .replace(' + downloaded', ', downloaded');
  const generatedAt = options.generatedAt === undefined ? new Date() : new Date(options.generatedAt);
  const report: ProfilingReport = {
    schemaVersion: 1,
    generatedAt: generatedAt.toISOString(),
    source,
    function: fn,
    sample: {
      traces: lat.traces,
      invocations: lat.invocations,
      coldStarts: lat.coldStarts,
      from: toIso(lat.fromMs),
      to: toIso(lat.toMs),
    },
    latency: { invocation: lat.invocation, cold: lat.cold, warm: lat.warm },
    errors: {
      count: results.errors.count,
      ratePct: results.errors.ratePct,
      timeouts: results.errors.timeouts,
      throttles: results.errors.throttles,
    },
    coldStart: {
      count: cs.count,
      avgInitMs: cs.avgInitMs,
      p90InitMs: cs.p90InitMs,
      phases: cs.phases,
      firstCallSetupMs: cs.firstCallSetupMs,
      toFirstInvokeMs: cs.toFirstInvokeMs,
    },
    imports: {
      count: results.imports.count,
      totalMs: results.imports.totalMs,
      largest: results.imports.largest,
      modules: results.imports.modules,
    },
    dynamodb: {
      operations: results.dynamodb.operations,
      sequentialGroups: built.sequentialGroups,
      issues: built.issues,
    },
    externalApis: results.externalApis.apis,
    memory: {
      allocatedMb: results.memory.allocatedMb,
      avgUsedMb: results.memory.avgUsedMb,
      peakUsedMb: results.memory.peakUsedMb,
      utilizationPct: results.memory.utilizationPct,
      leakSuspects: results.memory.leakSuspects,
      heavyOperations: results.memory.heavyOperations,
    },
    serviceMap: serviceMap.finish(),
    slowestTraces: slow.traces.map((t, i) => ({
      traceId: t.traceId,
      durationMs: t.durationMs,
      pattern: t.pattern,
      ...(i === 0 ? { timeline: t.timeline } : {}),
    })),
    breakdowns: breakdowns.finish(),
    bottlenecks: built.bottlenecks,
    recommendations: built.recommendations,
    expected: built.expected,
    notes,
    method,
    slowestTracesShared: slow.shared,
    rightSizing: built.rightSizing,
    pricing: {
      pricePerGbSecond: pricing.gbSecond,
      pricePerRequest: pricing.perRequest,
      invocationsPerMonth: pricing.invocationsPerMonth,
      invocationsPerMonthSource: pricing.invocationsSource,
    },
  };
  if (hot) report.hotFunctions = hot;
  return report;
}
