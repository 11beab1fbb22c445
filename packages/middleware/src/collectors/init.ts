import { round3, toEpochMs } from '../clock.js';
import type { InitializationType, InitPhase, InitRecord } from '../contract/types.js';
import { closeOpenInitMark, openInitMarkStart } from '../init-marks.js';
import type { GlobalState } from '../recording/global-state.js';
import { absorbBundleMarkers } from './bundle.js';
import { isSdkPackage, type RawModuleTiming, summarizeImports } from './imports.js';

export interface InitInputs {
  state: GlobalState;
  initType: InitializationType;
  /** `performance.now()` at the start of the first invocation. */
  firstInvokeMs: number;
  topModules: number;
  proactiveInitMs: number;
  /** Node's own bootstrap end (`performance.nodeTiming.bootstrapComplete`). */
  bootstrapMs: number;
}

/** When init ended, as well as the process can tell (never after the first invocation started). */
export function initEndMs(inputs: InitInputs): number {
  const { state, firstInvokeMs, bootstrapMs } = inputs;
  let end = Math.max(bootstrapMs, state.initReadyMs, state.importWindow?.lastEndMs ?? 0);
  for (const mark of state.initMarks) end = Math.max(end, mark.startMs + mark.ms);
  const openStart = openInitMarkStart();
  if (openStart !== undefined) end = Math.max(end, openStart);
  return Math.min(end, firstInvokeMs);
}

/**
 * Builds the init document: exclusive phases summing to `durationMs`. With the register entry,
 * `runtime` runs from process start to the first user module, `imports` is the import window (first
 * user module loaded → last module evaluated) minus the SDK's modules, custom marks and SDK client
 * construction inside it, `aws-sdk` the own time of `@aws-sdk/*` / `@smithy/*` modules plus client
 * construction. Without it, the
 * import time is unknown (`imports.source: 'none'`) and stays in `other`; `runtime` is then Node's
 * own bootstrap.
 */
export function buildInitRecord(inputs: InitInputs): InitRecord {
  const { state, initType, firstInvokeMs, bootstrapMs } = inputs;
  // A bundle built with the esbuild/webpack plugin timed its modules itself: fold them in first.
  const bundle = absorbBundleMarkers(state);
  const end = initEndMs(inputs);
  closeOpenInitMark(end);
  const custom = state.initMarks.map((m) => ({ name: m.name, startMs: m.startMs, ms: m.ms }));
  const customMs = custom.reduce((n, m) => n + m.ms, 0);
  const clientMs = Math.max(0, state.sdkClientInitMs);
  const modules = state.modules as unknown as readonly RawModuleTiming[];
  const registered = state.registerActive && state.importWindow !== null;

  let runtime = Math.max(0, bootstrapMs);
  let imports = 0;
  let sdkSelf = 0;
  let windowMs = 0;
  if (registered && state.importWindow) {
    runtime = Math.max(0, state.importWindow.firstStartMs);
    windowMs = Math.max(0, state.importWindow.lastEndMs - state.importWindow.firstStartMs);
    for (const m of modules) if (isSdkPackage(m.package)) sdkSelf += m.selfMs;
    // Everything inside the import window that is not the SDK's own modules, client construction
    // or a custom mark is import work: module files, ESM parse/link, built-ins they pull in.
    imports = Math.max(0, windowMs - sdkSelf - customMs - clientMs);
  }
  const awsSdk = sdkSelf + clientMs;
  const known = runtime + imports + awsSdk + customMs;
  const durationMs = Math.max(end, known);
  const phases: InitPhase[] = [
    { name: 'runtime', ms: round3(runtime) },
    { name: 'imports', ms: round3(imports) },
    { name: 'aws-sdk', ms: round3(awsSdk) },
    { name: 'custom', ms: round3(customMs) },
    { name: 'other', ms: round3(durationMs - known) },
  ];
  const toFirstInvokeMs = Math.max(0, firstInvokeMs - end);
  return {
    v: 1,
    kind: 'init',
    environmentId: state.environmentId,
    initType,
    processStartEpochMs: round3(performance.timeOrigin),
    // The sum of the rounded phases, so the document adds up exactly.
    durationMs: round3(phases.reduce((n, p) => n + p.ms, 0)),
    phases,
    custom,
    toFirstInvokeMs: round3(toFirstInvokeMs),
    proactive: toFirstInvokeMs > inputs.proactiveInitMs,
    firstCallSetupMs: state.firstCallSetupMs === null ? null : round3(state.firstCallSetupMs),
    imports: registered
      ? withBundle(summarizeImports(state.modules, inputs.topModules, windowMs), bundle)
      : { source: 'none', count: 0, totalMs: 0, modules: [], packages: [], omitted: 0 },
  };
}

function withBundle(
  imports: InitRecord['imports'],
  bundle: ReturnType<typeof absorbBundleMarkers>,
): InitRecord['imports'] {
  if (!bundle || bundle.records.length === 0) return imports;
  imports.source = 'bundle';
  let bytes = 0;
  for (const name in bundle.bytes) bytes += bundle.bytes[name] ?? 0;
  imports.bundle = { bundler: bundle.bundler, bytes };
  return imports;
}

/** Epoch ms of a `performance.now()` reading, for subsegment times. */
export function epochSeconds(perfMs: number): number {
  return toEpochMs(perfMs) / 1000;
}
