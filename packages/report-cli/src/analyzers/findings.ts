import { Interner, ListInterner } from '../model/labels.js';
import type { Call, Invocation, WorkNode } from '../model/types.js';

/** Recommendation ids of DESIGN.md (stable; one anchor each in docs/recommendations.md). */
export type RecommendationId =
  | 'dynamodb-batch-reads'
  | 'dynamodb-batch-writes'
  | 'dynamodb-parallelize'
  | 'dynamodb-scan-to-query'
  | 'dynamodb-projection'
  | 'dynamodb-slow-operation'
  | 'dynamodb-cache-reads'
  | 'http-parallelize'
  | 'http-keep-alive'
  | 'http-slow-dependency'
  | 'http-retries'
  | 'http-timeouts'
  | 'init-heavy-import'
  | 'init-lazy-load'
  | 'init-bundle'
  | 'init-sdk-clients'
  | 'memory-right-size'
  | 'arm64'
  | 'memory-leak'
  | 'memory-heavy-operation'
  | 'cpu-hot-function'
  | 'timeout-headroom'
  | 'errors';

/**
 * A saving found on one invocation's critical path. `value` is the milliseconds that would leave the
 * critical path; with `ref`, the saving is `value − p50(ref)` (known only after all invocations).
 * `value: null` = a finding whose saving the data cannot support.
 */
export interface Claim {
  id: RecommendationId;
  /** What the finding is about (`GetItem states`, `api.openai.com`). */
  key: string;
  table: string | null;
  callId: string | null;
  value: number | null;
  ref?: string;
  /** Calls involved (sequential groups). */
  calls?: number;
  /** A slow call that was throttled or retried: its time is capacity or back-off, not the request. */
  throttled?: boolean;
}

/** Tolerance for "sequential": X-Ray times have 1 ms resolution. */
const TOLERANCE_MS = 1;
export const SLOW_CALL_MS = 100;
const READ_OPS = new Set(['GetItem']);
const WRITE_OPS = new Set(['PutItem', 'DeleteItem']);
const CACHEABLE_OPS = new Set(['GetItem', 'Query', 'BatchGetItem']);
const READ_ONLY_OPS = new Set([
  'GetItem',
  'Query',
  'Scan',
  'BatchGetItem',
  'TransactGetItems',
  'GetObject',
  'HeadObject',
  'GetParameter',
  'GetSecretValue',
]);
const READ_ONLY_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether a call only reads. Writes and POSTs usually depend on what earlier calls returned, so only
 * reads are proposed to overlap (a data dependency between two reads is still possible: the report
 * says "if independent").
 */
function readOnly(c: Call): boolean {
  if (c.kind === 'aws')
    return c.operation !== null && (READ_ONLY_OPS.has(c.operation) || /^(Get|Describe|List|Head)/.test(c.operation));
  return c.method !== null && READ_ONLY_METHODS.has(c.method.toUpperCase());
}

function isDynamo(c: Call): boolean {
  return c.kind === 'aws' && c.service === 'DynamoDB';
}

/*
 * Claim keys and references, interned: the savings ledger looks each one up in a Map, and a string
 * seen before brings its cached hash (≈ 3.6 claims per invocation; built per claim, the keys and their
 * hashing cost ≈ 40 ms per 100,000 invocations).
 */
const opTableKeys = new Interner((op, table) => `${op} ${table}`);
const opRefs = new Interner((op, table) => `op|${op}|${table}`);
const readRefs = new Interner((table) => `read|${table}`);
/** `GetItem+PutItem orders`: the distinct operations in first-seen order, then the table. */
const batchKeys = new ListInterner((parts) => `${parts.slice(0, -1).join('+')} ${parts[parts.length - 1]}`);
/** `channels + states under index.handler`: the sorted targets, then the parent's name. */
const parallelKeys = new ListInterner((parts) => `${parts.slice(0, -1).join(' + ')} under ${parts[parts.length - 1]}`);
const readsUnder = new Interner((parent) => `reads under ${parent}`);

/**
 * Whether a stable sort by start would leave `list` as it is: start times finite and non-decreasing.
 * Calls arrive in start order in every trace seen so far, and sorting a sorted list still costs a
 * comparator call per pair (≈ 5 calls per invocation, sorted twice).
 */
function inStartOrder(list: readonly Call[]): boolean {
  for (let i = 0; i < list.length; i++) {
    const start = list[i]!.startMs;
    if (!Number.isFinite(start) || (i > 0 && start < list[i - 1]!.startMs)) return false;
  }
  return true;
}

function target(c: Call): string {
  return isDynamo(c) ? `${c.table ?? '?'}` : c.service;
}

/**
 * Distributes a group saving over its calls (all but the longest, the first of equal ones), so
 * per-call claims add up to it. Plain loops, summing in call order: findClaims runs per invocation,
 * and its closures and filtered copies were most of the 5 KB it allocated per invocation.
 */
function groupClaims(id: RecommendationId, key: string, table: string | null, calls: Call[], out: Claim[]): void {
  let critical = 0;
  let longest = calls[0]!;
  for (const c of calls) {
    critical += c.criticalMs;
    if (c.durationMs > longest.durationMs) longest = c;
  }
  const saving = Math.max(0, critical - longest.durationMs);
  let restCritical = 0;
  for (const c of calls) if (c !== longest) restCritical += c.criticalMs;
  const rest = calls.length - 1;
  for (const c of calls) {
    if (c === longest) continue;
    const share = restCritical > 0 ? (saving * c.criticalMs) / restCritical : saving / rest;
    out.push({ id, key, table, callId: c.id, value: share, calls: calls.length });
  }
}

/** Runs of sequential (non-overlapping) calls under one parent, in start order. */
export function sequentialRuns(calls: readonly Call[]): Call[][] {
  const runs: Call[][] = [];
  if (calls.length < 2) return runs;
  // Usually every call hangs under the handler subsegment: no grouping needed then.
  const first = calls[0]!.parentId;
  let oneParent = true;
  for (let i = 1; i < calls.length; i++)
    if (calls[i]!.parentId !== first) {
      oneParent = false;
      break;
    }
  const groups: (readonly Call[])[] = [];
  if (oneParent) groups.push(inStartOrder(calls) ? calls : [...calls].sort(byStart));
  else {
    const byParent = new Map<string, Call[]>();
    for (const c of calls) {
      const list = byParent.get(c.parentId);
      if (list) list.push(c);
      else byParent.set(c.parentId, [c]);
    }
    for (const list of byParent.values())
      if (list.length > 1) groups.push(inStartOrder(list) ? list : list.sort(byStart));
  }
  for (const list of groups) {
    let run: Call[] = [list[0]!];
    let runEnd = list[0]!.endMs;
    for (let i = 1; i < list.length; i++) {
      const c = list[i]!;
      if (c.startMs >= runEnd - TOLERANCE_MS) run.push(c);
      else {
        if (run.length > 1) runs.push(run);
        run = [c];
      }
      runEnd = Math.max(runEnd, c.endMs);
    }
    if (run.length > 1) runs.push(run);
  }
  return runs;
}

function byStart(a: Call, b: Call): number {
  return a.startMs - b.startMs;
}

/**
 * Savings claims of one invocation (after its critical path is marked): sequential DynamoDB reads
 * or writes that could be one batch, sequential independent calls that could overlap, slow DynamoDB
 * calls, scans, over-fetching, repeated identical reads, new connections a keep-alive agent avoids.
 */
export function findClaims(inv: Invocation): Claim[] {
  const out: Claim[] = [];
  const calls = inv.calls;
  if (calls.length === 0) return out;
  for (const run of sequentialRuns(calls)) {
    // Groups by class and table in first-seen order; a few per run, so a list, not a Map of keys.
    const batchGroups: { cls: 'read' | 'write'; table: string; calls: Call[] }[] = [];
    for (const c of run) {
      if (!isDynamo(c) || !c.operation) continue;
      const cls = READ_OPS.has(c.operation) ? 'read' : WRITE_OPS.has(c.operation) ? 'write' : null;
      if (!cls) continue;
      const table = c.table ?? '?';
      let g: (typeof batchGroups)[number] | undefined;
      for (const b of batchGroups)
        if (b.cls === cls && b.table === table) {
          g = b;
          break;
        }
      if (g) g.calls.push(c);
      else batchGroups.push({ cls, table, calls: [c] });
    }
    for (const { cls, table: fullTable, calls: group } of batchGroups) {
      if (group.length < 2) continue;
      // The key once was `${cls}|${table}` split on '|': a table name holding '|' is cut there.
      const cut = fullTable.indexOf('|');
      const table = cut === -1 ? fullTable : fullTable.slice(0, cut);
      // The distinct operations in first-seen order, then the table.
      const parts: string[] = [];
      for (const c of group) if (!parts.includes(c.operation!)) parts.push(c.operation!);
      parts.push(table);
      groupClaims(
        cls === 'read' ? 'dynamodb-batch-reads' : 'dynamodb-batch-writes',
        batchKeys.get(parts),
        table,
        group,
        out,
      );
    }
    // Reads of two or more targets could overlap; most runs read one target (no lists made then).
    if (readsOfTwoTargets(run)) {
      const reads = run.filter(readOnly);
      const targets = distinct(reads.map(target));
      const allDynamo = reads.every(isDynamo);
      const parent = (inv.root ? findName(inv.root, run[0]!.parentId) : undefined) ?? 'the handler';
      let key: string;
      if (allDynamo) {
        targets.sort();
        targets.push(parent);
        key = parallelKeys.get(targets);
      } else key = readsUnder.get(parent, null, null);
      groupClaims(allDynamo ? 'dynamodb-parallelize' : 'http-parallelize', key, null, reads, out);
    }
  }
  // Made on first use: most invocations have no call that needs them.
  let hostsSeen = null as Set<string> | null;
  // Repeated reads by table and key hash, in first-seen order (a list: few per invocation; the two
  // strings compared, no `table|hash` key built per read).
  let reads = null as { table: string; keyHash: string; calls: Call[] }[] | null;
  // Sorted in place (when out of order): the analyzers after this one see the calls in start order.
  if (!inStartOrder(calls)) calls.sort(byStart);
  for (const c of calls) {
    if (isDynamo(c)) {
      const op = c.operation ?? '?';
      const table = c.table ?? '?';
      if (c.durationMs > SLOW_CALL_MS)
        out.push({
          id: 'dynamodb-slow-operation',
          key: opTableKeys.get(op, table, null),
          table,
          callId: c.id,
          value: c.criticalMs,
          ref: opRefs.get(op, table, null),
          // The middleware's attempt count; X-Ray's own `aws.retries` means attempts in SDK v3 and
          // retries in v2, so it cannot tell one call's retries.
          throttled: c.throttle || (c.retries ?? 0) > 0,
        });
      const a = c.aws;
      const filterHeavy =
        op === 'Query' &&
        a?.hasFilter === true &&
        typeof a.scannedCount === 'number' &&
        a.scannedCount >= 5 * Math.max(1, a.count ?? a.items ?? 0);
      if (op === 'Scan' || filterHeavy)
        out.push({
          id: 'dynamodb-scan-to-query',
          key: opTableKeys.get(op, table, null),
          table,
          callId: c.id,
          value: c.criticalMs,
          ref: readRefs.get(table, null, null),
        });
      // The middleware writes boolean flags only when true (as hasFilter, hasKeyCondition): absent = none.
      if (a && a.hasProjection !== true && CACHEABLE_OPS.has(op) && (a.responseBytes ?? 0) >= 4096)
        out.push({
          id: 'dynamodb-projection',
          key: opTableKeys.get(op, table, null),
          table,
          callId: c.id,
          value: null,
        });
      if (a?.keyHash && CACHEABLE_OPS.has(op)) {
        const keyHash = String(a.keyHash);
        reads ??= [];
        let r: (typeof reads)[number] | undefined;
        for (const e of reads)
          if (e.table === table && e.keyHash === keyHash) {
            r = e;
            break;
          }
        if (r) r.calls.push(c);
        else reads.push({ table, keyHash, calls: [c] });
      }
    } else if (c.kind === 'http' && c.http) {
      const h = c.http;
      const host = c.host ?? c.service;
      if (h.reusedSocket === false && (inv.coldStart === false || hostsSeen?.has(host) === true)) {
        const setup = (h.dnsMs ?? 0) + (h.connectMs ?? 0) + (h.tlsMs ?? 0);
        out.push({
          id: 'http-keep-alive',
          key: c.service,
          table: null,
          callId: c.id,
          value: h.connectMs !== undefined || h.tlsMs !== undefined ? Math.min(c.criticalMs, setup) : null,
        });
      }
      hostsSeen ??= new Set();
      hostsSeen.add(host);
    }
  }
  for (const { calls: list } of reads ?? []) {
    for (let i = 1; i < list.length; i++) {
      const repeat = list[i]!;
      out.push({
        id: 'dynamodb-cache-reads',
        // Repeats are cacheable operations: `operation` is never null here.
        key: opTableKeys.get(repeat.operation!, repeat.table ?? '?', null),
        table: repeat.table,
        callId: repeat.id,
        value: repeat.criticalMs,
      });
    }
  }
  return out;
}

/** Whether the read-only calls of a run reach two or more targets (see findClaims). */
function readsOfTwoTargets(run: readonly Call[]): boolean {
  let first: string | null = null;
  for (const c of run) {
    if (!readOnly(c)) continue;
    const t = target(c);
    if (first === null) first = t;
    else if (t !== first) return true;
  }
  return false;
}

/** The distinct values in first-seen order (as spreading a Set of them). */
function distinct<T>(values: readonly T[]): T[] {
  const out: T[] = [];
  for (const v of values) if (!out.includes(v)) out.push(v);
  return out;
}

function findName(node: WorkNode, id: string): string | undefined {
  if (node.id === id) return node.name;
  for (const c of node.children) {
    const found = findName(c, id);
    if (found !== undefined) return found;
  }
  return undefined;
}
