import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../cli/errors.js';
import type { Architecture, ProfilingReport, ReportSource } from '../contracts/report-types.js';
import { RUN_FILES, type RunManifest } from '../contracts/run-folder.js';
import { validateRunManifest } from '../contracts/validate.js';
import { counted } from '../model/counted.js';
import { round } from '../model/stats.js';
import { type InputFormat, LOG_FORMATS, TRACE_FORMATS } from '../readers/detect.js';
import { Diagnostics } from '../readers/diagnostics.js';
import { type FunctionConfig, readFunctionConfig } from '../readers/function-config.js';
import { parseJsonFile } from '../readers/json-file.js';
import { buildRecommendations } from '../recommendations/build.js';
import { pricingFor } from '../recommendations/pricing.js';
import { fillFromEmf } from './emf-figures.js';
import { type ClassifiedInput, classifyInputs } from './inputs.js';
import type { GenerateOptions } from './options.js';
import { type PassSetting, runPasses } from './passes.js';

const MIN_OBSERVED_SPAN_MS = 10 * 60 * 1000;
const MONTH_MS = 30 * 24 * 3600 * 1000;
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
  diag.listener = options.onWarning;
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

  // 2-4. Logs, then traces folded into the analyzers one invocation at a time (passes.ts).
  const knownName = o.name ?? config.name ?? manifest?.function.name ?? null;
  const setting: PassSetting = {
    logInputs: unique.filter((i) => LOG_FORMATS.includes(i.format)),
    traceInputs: unique.filter((i) => TRACE_FORMATS.includes(i.format)),
    manifestEnvironments: manifest?.environments ?? null,
    knownName,
    allocatedMb: o.memoryMb ?? config.memoryMb ?? manifest?.function.memoryMb ?? null,
    assembly: {
      windowDocs: options.assembly?.windowDocs ?? 20_000,
      graceDocs: options.assembly?.graceDocs ?? 200,
    },
    onProgress: options.onProgress,
    capYoungGeneration: options.capYoungGeneration === true,
  };
  const { store, folds, pass } = await runPasses(setting, diag);
  const logFiles = setting.logInputs.length;
  const traceFiles = setting.traceInputs.length;
  const { otherServices, otherFunctions } = pass;
  const fnName = () => knownName ?? pass.mainName ?? 'unknown';
  const {
    latency,
    errors,
    coldStart,
    imports,
    dynamodb,
    externalApis,
    memory,
    ownTime,
    savings,
    serviceMap,
    slowest,
    breakdowns,
    hotFunctions,
    heavyOperations,
  } = folds.a;

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
  const counts = pass.assembler.counts;
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
