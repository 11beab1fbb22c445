import {
  type AwsCallRecord,
  DETAILS_SUBSEGMENT_NAME,
  type HttpCallRecord,
  INIT_SUBSEGMENT_NAME,
  PROFILE_SUBSEGMENT_NAME,
  readProfilerMetadata,
} from '@lambda-profiler/middleware/contract';
import type { AssembledTrace } from './assembler.js';
import type { Call, Invocation, WorkNode, XrayDoc } from './types.js';

const FUNCTION_ORIGIN = 'AWS::Lambda::Function';
const SERVICE_ORIGIN = 'AWS::Lambda';

// Phase names are compared, not looked up in Sets: a Set hashes every (fresh, parsed) name it is
// asked about, a comparison mostly stops at the length. Three look-ups per child subsegment.
function isInitName(name: unknown): boolean {
  return name === 'Initialization' || name === 'Init';
}

/** Lambda's own phase subsegments (Initialization / Init, Invocation, Overhead, Restore). */
function isLambdaPhase(name: unknown): boolean {
  return isInitName(name) || name === 'Invocation' || name === 'Overhead' || name === 'Restore';
}

function sec(t: number | undefined): number {
  return (t ?? 0) * 1000;
}

/**
 * End in ms, never before the start: a nested subsegment's missing, null or non-numeric end (in
 * progress, or bad input), or one before its start, is its start (no negative durations).
 */
function endOf(doc: XrayDoc): number {
  const start = doc.start_time * 1000;
  const end = doc.end_time;
  return typeof end === 'number' && Number.isFinite(end) && end * 1000 > start ? end * 1000 : start;
}

function isUsable(doc: unknown): doc is XrayDoc {
  if (typeof doc !== 'object' || doc === null) return false;
  const d = doc as XrayDoc;
  return typeof d.id === 'string' && typeof d.start_time === 'number' && Number.isFinite(d.start_time);
}

const hostCache = new Map<string, string>();

/** The host of a URL; parsing is costly and the same few hosts repeat, so origins are cached. */
function hostOf(url: string | undefined, fallback: string): string {
  if (!url) return fallback;
  const slash = url.indexOf('/', url.indexOf('//') + 2);
  const origin = slash === -1 ? url : url.slice(0, slash);
  let host = hostCache.get(origin);
  if (host === undefined) {
    try {
      host = new URL(origin).hostname || fallback;
    } catch {
      // A relative or redacted URL: keep the subsegment name.
      return fallback;
    }
    if (hostCache.size < 10_000) hostCache.set(origin, host);
  }
  return host;
}

let lastService = '';
let lastRegion = '';
let lastAwsHost = '';

/** `dynamodb.us-east-1.amazonaws.com`; a trace's calls mostly share service and region, so the last one is kept. */
function awsHost(service: string, region: string): string {
  if (service !== lastService || region !== lastRegion) {
    lastAwsHost = `${service.toLowerCase()}.${region}.amazonaws.com`;
    lastService = service;
    lastRegion = region;
  }
  return lastAwsHost;
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.length > 0 ? v : null;
}

/**
 * A downstream call from an X-Ray subsegment (namespace aws / remote, or an http.request.url).
 * Every Call literal lists all its fields (`aws` and `http` too, undefined until a middleware record
 * joins), in one order, as every WorkNode literal lists `call`: adding a field to a built object, or
 * listing it elsewhere, gives V8 another hidden class of the same type for every read of it to
 * handle. The gain is too small to measure: 0.3 % fewer instructions for 10,000 invocations under
 * cachegrind (2026-11-29), where identical runs differ by up to 3 %.
 */
function callOf(doc: XrayDoc, parentId: string): Call | null {
  // `null` in bad input reads as absent (a number or string has no fields to read either).
  const aws = doc.aws ?? undefined;
  const isAws = doc.namespace === 'aws' || (aws !== undefined && typeof aws.operation === 'string');
  const url = doc.http?.request?.url;
  const isHttp = !isAws && (doc.namespace === 'remote' || typeof url === 'string');
  if (!isAws && !isHttp) return null;
  const startMs = sec(doc.start_time);
  const endMs = endOf(doc);
  const status = typeof doc.http?.response?.status === 'number' ? doc.http.response.status : null;
  const error = doc.error === true;
  const fault = doc.fault === true;
  const throttle = doc.throttle === true;
  const durationMs = Math.max(0, endMs - startMs);
  if (isAws) {
    const names = Array.isArray(aws?.resource_names) ? aws.resource_names : [];
    const retries = aws?.retries;
    const region = str(aws?.region);
    return {
      id: doc.id,
      kind: 'aws',
      service: doc.name,
      operation: str(aws?.operation),
      table: str(aws?.table_name) ?? str(names[0]),
      host: region ? awsHost(doc.name, region) : null,
      method: null,
      startMs,
      endMs,
      durationMs,
      status,
      error,
      fault,
      throttle,
      retries: null,
      rawRetries: typeof retries === 'number' ? retries : null,
      awsRequestId: str(aws?.request_id),
      parentId,
      criticalMs: 0,
      aws: undefined,
      http: undefined,
    };
  }
  const host = hostOf(url, doc.name);
  return {
    id: doc.id,
    kind: 'http',
    service: host,
    operation: null,
    table: null,
    host,
    method: str(doc.http?.request?.method),
    startMs,
    endMs,
    durationMs,
    status,
    error,
    fault,
    throttle,
    retries: null,
    rawRetries: null,
    awsRequestId: null,
    parentId,
    criticalMs: 0,
    aws: undefined,
    http: undefined,
  };
}

interface BuildState {
  calls: Call[];
  annotations: Map<string, string>;
  profiler: Invocation['profiler'];
  error: boolean;
  coldAnnotation: boolean | null;
}

function readAnnotations(doc: XrayDoc, into: Map<string, string>, state: BuildState): void {
  const ann = doc.annotations;
  if (!ann || typeof ann !== 'object') return;
  for (const key in ann) {
    if (key.startsWith('aws:')) continue;
    const value = ann[key];
    if (key === 'ColdStart' && typeof value === 'boolean') state.coldAnnotation = value;
    if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number')
      into.set(key, String(value));
  }
}

function readMetadata(doc: XrayDoc, state: BuildState): void {
  if (!doc.metadata) return;
  const meta = readProfilerMetadata(doc);
  if (!meta) return;
  if (meta.invocation && typeof meta.invocation === 'object') state.profiler.invocation = meta.invocation;
  if (meta.details && typeof meta.details === 'object') state.profiler.details = meta.details;
  if (meta.init && typeof meta.init === 'object') state.profiler.init = meta.init;
  if (meta.profile && typeof meta.profile === 'object') state.profiler.profile = meta.profile;
}

/** Turns an X-Ray subtree into work nodes, collecting calls, annotations and profiler metadata. */
function toWork(doc: XrayDoc, parentId: string, state: BuildState): WorkNode | null {
  if (doc.inferred) return null;
  readMetadata(doc, state);
  if (doc.name === DETAILS_SUBSEGMENT_NAME || doc.name === INIT_SUBSEGMENT_NAME || doc.name === PROFILE_SUBSEGMENT_NAME)
    return null;
  readAnnotations(doc, state.annotations, state);
  const call = callOf(doc, parentId);
  const node: WorkNode = {
    id: doc.id,
    name: doc.name,
    startMs: sec(doc.start_time),
    endMs: endOf(doc),
    children: [],
    call: undefined,
    selfCriticalMs: 0,
  };
  if (call) {
    node.call = call;
    state.calls.push(call);
    // Calls are leaves for the critical path; their own children (retries, marshalling) are inside.
    return node;
  }
  if (doc.fault === true || doc.error === true) state.error = true;
  if (doc.subsegments)
    for (const sub of doc.subsegments) {
      if (!isUsable(sub)) continue;
      const child = toWork(sub, doc.id, state);
      if (child) node.children.push(child);
    }
  return node;
}

function addWork(doc: XrayDoc, parentId: string, state: BuildState, root: WorkNode): void {
  if (!isUsable(doc)) return;
  const node = toWork(doc, parentId, state);
  if (node) root.children.push(node);
}

/**
 * Node id → document for one trace: parallel arrays scanned from the end (the last entry for an id
 * wins, as with a Map's `set`), a Map past 64 entries. A trace has a dozen nodes: a Map per trace
 * (hashing every id, growing its table twice) measured ≈ 1 µs more per trace, of ≈ 5 µs for the
 * whole of buildInvocations (parse-and-build micro benchmark, 20,000 traces of the issue-6 data).
 */
class NodeIndex {
  private readonly ids: string[] = [];
  private readonly docs: XrayDoc[] = [];
  private map: Map<string, XrayDoc> | null = null;

  set(id: string, doc: XrayDoc): void {
    if (this.map !== null) {
      this.map.set(id, doc);
      return;
    }
    this.ids.push(id);
    this.docs.push(doc);
    if (this.ids.length > 64) {
      this.map = new Map();
      for (let i = 0; i < this.ids.length; i++) this.map.set(this.ids[i]!, this.docs[i]!);
    }
  }

  get(id: string): XrayDoc | undefined {
    if (this.map !== null) return this.map.get(id);
    const ids = this.ids;
    for (let i = ids.length - 1; i >= 0; i--) if (ids[i] === id) return this.docs[i];
    return undefined;
  }
}

/** Index of every node id (nested too) to its document. */
function indexAll(doc: XrayDoc, index: NodeIndex): void {
  index.set(doc.id, doc);
  if (doc.subsegments) for (const s of doc.subsegments) if (isUsable(s)) indexAll(s, index);
}

function looksLikeFunction(doc: XrayDoc): boolean {
  if (doc.inferred || doc.type === 'subsegment') return false;
  if (doc.origin === FUNCTION_ORIGIN) return true;
  return doc.origin === undefined && (doc.subsegments ?? []).some((s) => isLambdaPhase(s?.name));
}

/**
 * The call a Map filled in order with the first `count` calls would give for this field's value
 * (the last call with it). An invocation has a few calls: a backward scan instead of two Maps per
 * invocation; a Map past 32 calls keeps large invocations linear. A plain function: no look-up
 * closures or filtered copy of the calls per invocation.
 */
function lastCallWith(
  calls: readonly Call[],
  count: number,
  field: 'id' | 'awsRequestId',
  value: string,
  maps: CallMaps,
): Call | undefined {
  if (count > 32) {
    let map = maps[field];
    if (map === undefined) {
      map = new Map<string, Call>();
      for (let i = 0; i < count; i++) {
        const v = calls[i]![field];
        if (v) map.set(v, calls[i]!);
      }
      maps[field] = map;
    }
    return map.get(value);
  }
  for (let i = count - 1; i >= 0; i--) if (calls[i]![field] === value) return calls[i];
  return undefined;
}

/** The Maps of `lastCallWith`, built on first use when an invocation has more than 32 calls. */
interface CallMaps {
  id?: Map<string, Call>;
  awsRequestId?: Map<string, Call>;
}

/** The SDK's own HTTP request under an AWS call (X-Ray's or a record's) is transport, not a second dependency. */
function insideAwsCall(calls: readonly Call[], start: number, end: number): boolean {
  for (const c of calls) if (c.kind === 'aws' && start >= c.startMs - 2 && end <= c.endMs + 2) return true;
  return false;
}

/** The first HTTP call without a record, to the same host, starting within 5 ms. */
function httpCallNear(calls: readonly Call[], host: string, start: number): Call | undefined {
  for (const c of calls)
    if (c.kind === 'http' && !c.http && c.host === host && Math.abs(c.startMs - start) <= 5) return c;
  return undefined;
}

/** Joins middleware call records onto X-Ray's calls (by request id or subsegment id), adds the rest. */
function joinCallRecords(state: BuildState, root: WorkNode): void {
  const details = state.profiler.details;
  if (!details || !Array.isArray(details.calls)) return;
  const calls = state.calls;
  // Look-ups see the calls X-Ray gave, not the ones added from records below.
  const count = calls.length;
  const maps: CallMaps = {};
  let n = 0;
  for (const record of details.calls) {
    if (!record || typeof record !== 'object') continue;
    if (record.kind === 'aws-call') {
      const r = record as AwsCallRecord;
      const match =
        (r.subsegmentId && lastCallWith(calls, count, 'id', r.subsegmentId, maps)) ||
        (r.awsRequestId && lastCallWith(calls, count, 'awsRequestId', r.awsRequestId, maps));
      if (match && match.kind === 'aws') {
        match.aws = r;
        if (!match.table && Array.isArray(r.tables) && r.tables[0]) match.table = r.tables[0];
        if (typeof r.attempts === 'number') match.retries = Math.max(0, r.attempts - 1);
      } else if (typeof r.startEpochMs === 'number' && typeof r.durationMs === 'number') {
        const call: Call = {
          id: `record-${n++}`,
          kind: 'aws',
          service: String(r.service),
          operation: r.operation ?? null,
          table: Array.isArray(r.tables) ? (r.tables[0] ?? null) : null,
          host: null,
          method: null,
          startMs: r.startEpochMs,
          endMs: r.startEpochMs + r.durationMs,
          durationMs: r.durationMs,
          status: null,
          error: typeof r.error === 'string',
          fault: false,
          throttle: r.throttled === true,
          retries: typeof r.attempts === 'number' ? Math.max(0, r.attempts - 1) : null,
          rawRetries: null,
          awsRequestId: r.awsRequestId ?? null,
          parentId: root.id,
          criticalMs: 0,
          aws: r,
          http: undefined,
        };
        calls.push(call);
        root.children.push({
          id: call.id,
          name: call.service,
          startMs: call.startMs,
          endMs: call.endMs,
          children: [],
          call,
          selfCriticalMs: 0,
        });
      }
    } else if (record.kind === 'http-call') {
      const r = record as HttpCallRecord;
      let match = r.subsegmentId ? lastCallWith(calls, count, 'id', r.subsegmentId, maps) : undefined;
      if (!match && typeof r.startEpochMs === 'number') match = httpCallNear(calls, r.host, r.startEpochMs);
      if (match && match.kind === 'http') {
        match.http = r;
        if (r.service) match.service = r.service;
        continue;
      }
      if (typeof r.startEpochMs !== 'number' || typeof r.durationMs !== 'number') continue;
      const end = r.startEpochMs + r.durationMs;
      if (insideAwsCall(calls, r.startEpochMs, end)) continue;
      const call: Call = {
        id: `record-${n++}`,
        kind: 'http',
        service: r.service || r.host,
        operation: null,
        table: null,
        host: r.host,
        method: r.method ?? null,
        startMs: r.startEpochMs,
        endMs: end,
        durationMs: r.durationMs,
        status: typeof r.status === 'number' ? r.status : null,
        error: typeof r.error === 'string' || (typeof r.status === 'number' && r.status >= 400 && r.status < 500),
        fault: typeof r.status === 'number' && r.status >= 500,
        throttle: r.status === 429,
        retries: null,
        rawRetries: null,
        awsRequestId: null,
        parentId: root.id,
        criticalMs: 0,
        aws: undefined,
        http: r,
      };
      calls.push(call);
      root.children.push({
        id: call.id,
        name: call.service,
        startMs: call.startMs,
        endMs: call.endMs,
        children: [],
        call,
        selfCriticalMs: 0,
      });
    }
  }
}

function emptyState(): BuildState {
  return { calls: [], annotations: new Map(), profiler: {}, error: false, coldAnnotation: null };
}

function finishInvocation(
  trace: AssembledTrace,
  fnName: string | null,
  root: WorkNode,
  state: BuildState,
  extra: Partial<Invocation>,
): Invocation {
  joinCallRecords(state, root);
  const inv = state.profiler.invocation;
  if (inv?.annotations && typeof inv.annotations === 'object')
    // Own keys in Object.entries' order, without its array of pairs (1.4 % of buildInvocations' samples).
    for (const k in inv.annotations)
      if (Object.hasOwn(inv.annotations, k) && !state.annotations.has(k))
        state.annotations.set(k, String((inv.annotations as Record<string, unknown>)[k]));
  let coldStart = extra.coldStart ?? null;
  if (coldStart === null)
    coldStart = state.coldAnnotation ?? (typeof inv?.coldStart === 'boolean' ? inv.coldStart : null);
  return {
    traceId: trace.traceId,
    requestId: typeof inv?.requestId === 'string' ? inv.requestId : (extra.requestId ?? null),
    functionName: fnName,
    startMs: root.startMs,
    durationMs: root.endMs - root.startMs,
    coldStart,
    initMs: extra.traceInitMs ?? null,
    traceInitMs: extra.traceInitMs ?? null,
    report: null,
    error: state.error || inv?.error === true,
    fault: extra.fault ?? false,
    throttle: extra.throttle ?? false,
    timeout: false,
    errorType: null,
    annotations: state.annotations,
    calls: state.calls,
    root,
    environment: typeof inv?.environmentId === 'string' ? inv.environmentId : null,
    memory: {
      allocatedMb: typeof inv?.memory?.limitMb === 'number' ? inv.memory.limitMb : null,
      maxUsedMb: typeof inv?.memory?.peakRssMb === 'number' ? inv.memory.peakRssMb : null,
    },
    profiler: state.profiler,
    upstream: extra.upstream ?? [],
    hasTrace: true,
  };
}

/**
 * The invocations in one assembled trace: one per function segment (both Lambda layouts: the
 * classic Initialization / Invocation / Overhead, and the newer one with handler subsegments under
 * the function segment), or one synthetic invocation when only the function's own subsegments
 * arrived (a local daemon receives no function segment).
 */
export function buildInvocations(trace: AssembledTrace): { invocations: Invocation[]; otherSegments: XrayDoc[] } {
  const index = new NodeIndex();
  const top: XrayDoc[] = [];
  for (const doc of trace.docs) {
    const indexed = index.get(doc.id);
    if (indexed !== undefined && indexed !== doc) continue; // already merged into its parent
    top.push(doc);
    indexAll(doc, index);
  }
  // Separately sent subsegments go under their parent; the rest stay roots. (Lists are filled in
  // single loops, orphans only when there are some: no filter, find or spread arrays per trace.)
  const roots: XrayDoc[] = [];
  let orphans: Map<string, XrayDoc[]> | null = null;
  for (const doc of top) {
    if (doc.type === 'subsegment' && doc.parent_id) {
      const parent = index.get(doc.parent_id);
      if (parent && parent !== doc) {
        if (!parent.subsegments) parent.subsegments = [];
        if (!parent.subsegments.includes(doc)) parent.subsegments.push(doc);
        continue;
      }
      orphans ??= new Map();
      let list = orphans.get(doc.parent_id);
      if (!list) {
        list = [];
        orphans.set(doc.parent_id, list);
      }
      list.push(doc);
      continue;
    }
    roots.push(doc);
  }
  const functions: XrayDoc[] = [];
  const otherSegments: XrayDoc[] = [];
  for (const d of roots) {
    if (looksLikeFunction(d)) functions.push(d);
    else if (!d.inferred) otherSegments.push(d);
  }
  const invocations: Invocation[] = [];
  for (const fn of functions) {
    const state = emptyState();
    readAnnotations(fn, state.annotations, state);
    readMetadata(fn, state);
    const children: XrayDoc[] = [];
    if (fn.subsegments) for (const c of fn.subsegments) if (isUsable(c)) children.push(c);
    // Orphans whose parent never arrived belong to the function when there is exactly one.
    if (functions.length === 1 && orphans !== null)
      for (const list of orphans.values()) for (const d of list) children.push(d);
    let init: XrayDoc | undefined;
    let invocationPhase: XrayDoc | undefined;
    let overhead: XrayDoc | undefined;
    for (const c of children) {
      if (init === undefined && isInitName(c.name)) init = c;
      if (invocationPhase === undefined && c.name === 'Invocation') invocationPhase = c;
      if (overhead === undefined && c.name === 'Overhead') overhead = c;
    }
    const windowStart = invocationPhase ? sec(invocationPhase.start_time) : sec(fn.start_time);
    // Never before the start (an Overhead that starts before its function is bad input).
    const windowEnd = Math.max(
      windowStart,
      invocationPhase ? endOf(invocationPhase) : overhead ? sec(overhead.start_time) : endOf(fn),
    );
    const root: WorkNode = {
      id: fn.id,
      name: fn.name,
      startMs: windowStart,
      endMs: windowEnd,
      children: [],
      call: undefined,
      selfCriticalMs: 0,
    };
    // The work: the function's own subsegments (not Lambda's phases), then the Invocation phase's.
    for (const c of children) if (!isLambdaPhase(c.name)) addWork(c, fn.id, state, root);
    if (invocationPhase?.subsegments) for (const c of invocationPhase.subsegments) addWork(c, fn.id, state, root);
    for (const c of children) if (isLambdaPhase(c.name)) readMetadata(c, state);
    const service = fn.parent_id ? index.get(fn.parent_id) : undefined;
    const upstream: Invocation['upstream'] = [];
    let requestId: string | null = null;
    if (service && service.origin === SERVICE_ORIGIN) {
      requestId = str(service.aws?.request_id);
      upstream.push({
        name: service.name,
        origin: SERVICE_ORIGIN,
        durationMs: endOf(service) - sec(service.start_time),
        error: service.fault === true || service.error === true,
      });
      const caller = service.parent_id ? rootOf(service.parent_id, index, roots) : undefined;
      if (caller)
        upstream.push({
          name: caller.name,
          origin: caller.origin ?? 'client',
          durationMs: endOf(caller) - sec(caller.start_time),
          error: caller.fault === true || caller.error === true,
        });
    }
    invocations.push(
      finishInvocation(trace, fn.name, root, state, {
        coldStart: init ? true : null,
        traceInitMs: init ? endOf(init) - sec(init.start_time) : null,
        requestId,
        fault: fn.fault === true || service?.fault === true,
        throttle: fn.throttle === true || service?.throttle === true,
        upstream,
      }),
    );
  }
  if (functions.length === 0 && orphans !== null) {
    // Only the function's own subsegments: their common parent is the function segment Lambda owns.
    for (const [parentId, list] of orphans) {
      const state = emptyState();
      const start = Math.min(...list.map((d) => sec(d.start_time)));
      const end = Math.max(...list.map(endOf));
      const root: WorkNode = {
        id: parentId,
        name: '(function)',
        startMs: start,
        endMs: end,
        children: [],
        call: undefined,
        selfCriticalMs: 0,
      };
      for (const d of list) {
        const node = toWork(d, parentId, state);
        if (node) root.children.push(node);
      }
      if (root.children.length === 0 && !state.profiler.init) continue;
      if (root.children.length > 0) {
        root.startMs = Math.min(...root.children.map((c) => c.startMs));
        root.endMs = Math.max(...root.children.map((c) => c.endMs));
      }
      invocations.push(finishInvocation(trace, null, root, state, {}));
    }
  }
  return { invocations, otherSegments };
}

function rootOf(id: string, index: NodeIndex, roots: XrayDoc[]): XrayDoc | undefined {
  const node = index.get(id);
  if (!node) return undefined;
  if (roots.includes(node)) return node;
  return roots.find((r) => contains(r, node));
}

function contains(doc: XrayDoc, target: XrayDoc): boolean {
  if (doc === target) return true;
  return (doc.subsegments ?? []).some((s) => isUsable(s) && contains(s, target));
}
