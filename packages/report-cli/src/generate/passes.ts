import { LogStore } from '../model/log-store.js';
import type { Diagnostics } from '../readers/diagnostics.js';
import { InvocationFolds } from './folds.js';
import type { ClassifiedInput } from './inputs.js';
import { logOnlyInvocation } from './join.js';
import { readLogs } from './log-pass.js';
import type { ReadProgress } from './options.js';
import { ReadMeter } from './read-meter.js';
import { TracePass } from './trace-pass.js';
import { YoungGenerationCap } from './young-generation.js';

/** What the passes need to know, from the inputs and the function's configuration. */
export interface PassSetting {
  logInputs: ClassifiedInput[];
  traceInputs: ClassifiedInput[];
  manifestEnvironments: { logStream: string; requestIds: string[] }[] | null;
  knownName: string | null;
  allocatedMb: number | null;
  assembly: { windowDocs: number; graceDocs: number };
  onProgress: ((progress: ReadProgress) => void) | undefined;
  /** Cap V8's young generation while reading (young-generation.ts). */
  capYoungGeneration: boolean;
}

export interface Passes {
  store: LogStore;
  folds: InvocationFolds;
  pass: TracePass;
}

/**
 * The log pass (REPORT lines reduced to numbers by request id), then the trace pass with every
 * invocation joined and folded into the analyzers, then the REPORT lines no trace claimed
 * (unsampled invocations still count for latency and memory).
 */
export async function runPasses(setting: PassSetting, diag: Diagnostics): Promise<Passes> {
  const cap = setting.capYoungGeneration ? new YoungGenerationCap() : null;
  try {
    return await passes(setting, diag, cap);
  } finally {
    cap?.release();
  }
}

async function passes(setting: PassSetting, diag: Diagnostics, cap: YoungGenerationCap | null): Promise<Passes> {
  const onBlock = cap ? () => cap.check() : undefined;
  const store = new LogStore();
  if (setting.manifestEnvironments) store.setEnvironments(setting.manifestEnvironments);
  const logMeter = new ReadMeter('logs', setting.logInputs, () => store.reportCount, setting.onProgress, onBlock);
  await readLogs(setting.logInputs, store, diag, logMeter);

  const folds: InvocationFolds = new InvocationFolds(store, {
    // Asked once invocations are folded, after the pass chose the function.
    functionName: (): string => setting.knownName ?? pass.mainName ?? 'unknown',
    allocatedMb: setting.allocatedMb,
  });
  const pass: TracePass = new TracePass({
    sink: folds,
    knownName: setting.knownName,
    assembly: setting.assembly,
    expectedTraces: store.reportCount,
  });
  const traceMeter = new ReadMeter(
    'traces',
    setting.traceInputs,
    () => pass.assembler.counts.documents,
    setting.onProgress,
    onBlock,
  );
  await pass.read(setting.traceInputs, diag, traceMeter);
  pass.end();
  for (const r of store.unjoined()) folds.fold(logOnlyInvocation(r, store));
  return { store, folds, pass };
}
