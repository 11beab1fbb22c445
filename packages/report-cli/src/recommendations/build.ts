import type { ColdStartResult } from '../analyzers/cold-start.js';
import type { DynamoResult } from '../analyzers/dynamodb.js';
import type { ErrorsResult } from '../analyzers/errors.js';
import type { ExternalApisResult } from '../analyzers/external-apis.js';
import type { RecommendationId } from '../analyzers/findings.js';
import { RUNTIME_PACKAGES } from '../analyzers/hot-functions.js';
import type { ImportsResult } from '../analyzers/imports.js';
import type { LatencyResult } from '../analyzers/latency.js';
import type { MemoryResult } from '../analyzers/memory.js';
import type { OwnTimeResult } from '../analyzers/own-time.js';
import type { FindingTotals, SavingsResult } from '../analyzers/savings.js';
import type {
  Bottleneck,
  DynamoIssue,
  DynamoSequentialGroup,
  ExternalApi,
  HeavyOperation,
  HotFunctionsSection,
  Impact,
  Range,
  Recommendation,
  ReportFunction,
  RightSizing,
} from '../contracts/report-types.js';
import { counted } from '../model/counted.js';
import { gcPart, heapChange } from '../model/heavy-operation-text.js';
import { pctOf, round, roundOrNull } from '../model/stats.js';
import { ms } from '../renderers/format.js';
import { RECOMMENDATION_TITLES } from './catalog.js';
import { cpuFraction, invocationCost, MEMORY_STEPS, monthlyUsdOfMs, type Pricing } from './pricing.js';

export interface AnalysisResults {
  latency: LatencyResult;
  errors: ErrorsResult;
  coldStart: ColdStartResult;
  imports: ImportsResult;
  dynamodb: DynamoResult;
  externalApis: ExternalApisResult;
  memory: MemoryResult;
  ownTime: OwnTimeResult;
  savings: SavingsResult;
  /** Sampled CPU profiles, when the traces carry them. */
  hotFunctions?: HotFunctionsSection | null;
}

export interface BuildContext {
  fn: ReportFunction;
  pricing: Pricing;
  /** Local run: CPU is one full core, not scaled to the memory size. */
  local: boolean;
}

export interface BuildResult {
  recommendations: Recommendation[];
  bottlenecks: Bottleneck[];
  sequentialGroups: DynamoSequentialGroup[];
  issues: DynamoIssue[];
  expected: { coldStartMs: Range; executionMs: Range; monthlyCostUsd: Range };
  rightSizing: RightSizing | null;
  notes: string[];
}

const ORDER: Record<Impact, number> = { HIGH: 0, MEDIUM: 1, LOW: 2 };
/** Milliseconds in evidence and root causes, written as the Markdown tables write them (`1,876.8 ms`). */
const fmt = ms;
const usd = (v: number) => `$${v >= 100 ? Math.round(v) : v.toFixed(2)}`;

/** Priority of an execution-time saving: its share of the average invocation, or its absolute size. */
function executionImpact(avgSavingAllMs: number, avgDurationMs: number | null): Impact {
  const share = avgDurationMs ? avgSavingAllMs / avgDurationMs : 0;
  if (share >= 0.1 || avgSavingAllMs >= 100) return 'HIGH';
  if (share >= 0.03 || avgSavingAllMs >= 20) return 'MEDIUM';
  return 'LOW';
}

function coldImpact(savingMs: number, avgInitMs: number | null): Impact {
  const share = avgInitMs ? savingMs / avgInitMs : 0;
  if (share >= 0.25 || savingMs >= 300) return 'HIGH';
  if (share >= 0.1 || savingMs >= 100) return 'MEDIUM';
  return 'LOW';
}

/**
 * Cold starts under 1 % of invocations stay out of the p99 and barely move the average: the fixes of
 * their init rank a level lower than their share of the init time alone would put them.
 */
const RARE_COLD_SHARE = 0.01;

function demoted(impact: Impact): Impact {
  return impact === 'HIGH' ? 'MEDIUM' : 'LOW';
}

function costImpact(monthlyUsd: number | null, monthlyCost: number | null, fallback: Impact): Impact {
  if (monthlyUsd === null || !monthlyCost) return fallback;
  const share = monthlyUsd / monthlyCost;
  return share >= 0.2 ? 'HIGH' : share >= 0.05 ? 'MEDIUM' : 'LOW';
}

const EXECUTION_IDS: RecommendationId[] = [
  'dynamodb-batch-reads',
  'dynamodb-batch-writes',
  'dynamodb-parallelize',
  'dynamodb-scan-to-query',
  'dynamodb-projection',
  'dynamodb-slow-operation',
  'dynamodb-cache-reads',
  'http-parallelize',
  'http-keep-alive',
];

/** What a slow call's time went to when it was throttled or retried (ahead of `calls over 100 ms`). */
function throttledPart(f: FindingTotals): string {
  if (f.throttled === 0) return '';
  // Capacity or back-off time, which http-retries (retries and throttling) is about.
  return `, ${f.throttled === f.occurrences ? 'all' : `${f.throttled} of ${f.occurrences}`} throttled or retried`;
}

const ROOT_CAUSE: Partial<Record<RecommendationId, (f: FindingTotals) => string>> = {
  'dynamodb-batch-reads': (f) =>
    `${f.callsPerInvocation ? round(f.callsPerInvocation, 1) : 'several'} sequential ${f.key} reads that one BatchGetItem could serve`,
  'dynamodb-batch-writes': (f) =>
    `${f.callsPerInvocation ? round(f.callsPerInvocation, 1) : 'several'} sequential ${f.key} writes that one BatchWriteItem could do`,
  'dynamodb-parallelize': (f) => `sequential reads of ${f.key}; if independent they can overlap`,
  'dynamodb-scan-to-query': (f) => `${f.key} reads far more items than it returns; a key/index query fits`,
  'dynamodb-projection': (f) => `${f.key} returns whole items without a projection`,
  'dynamodb-slow-operation': (f) => `${f.key} calls over 100 ms${throttledPart(f)}`,
  'dynamodb-cache-reads': (f) => `${f.key} reads the same key more than once per invocation`,
  'http-parallelize': (f) => `sequential read-only calls (${f.key}); if independent they can overlap`,
  'http-keep-alive': (f) => `new connection (DNS + TCP + TLS) to ${f.key} on warm invocations`,
};

/** A finding in words: what it is about and why it costs time. */
export function causeOf(f: FindingTotals): string {
  return ROOT_CAUSE[f.id]?.(f) ?? f.key;
}

/** Turns analyses and savings into DynamoDB issues, bottlenecks, recommendations and expectations. */
export function buildRecommendations(a: AnalysisResults, ctx: BuildContext): BuildResult {
  const notes: string[] = [];
  const recs: Recommendation[] = [];
  const n = a.latency.invocations;
  const avgDuration = a.latency.avgMs;
  const memoryMb = ctx.fn.memoryMb;
  const avgBilled = a.latency.avgBilledMs;
  const monthlyCost =
    ctx.pricing.invocationsPerMonth !== null && memoryMb !== null && avgBilled !== null
      ? ctx.pricing.invocationsPerMonth *
        invocationCost(memoryMb, avgBilled, ctx.pricing.gbSecond, ctx.pricing.perRequest)
      : null;
  const usdOf = (ms: number, share: number) =>
    memoryMb !== null ? monthlyUsdOfMs(ms, share, memoryMb, ctx.pricing) : null;
  const totalInv = Math.max(1, a.savings.totalInvocations);

  // Execution-time findings from the savings ledger.
  for (const id of EXECUTION_IDS) {
    const t = a.savings.byId.get(id);
    if (!t) continue;
    const share = t.invocations / totalInv;
    const findings = a.savings.findings.filter((f) => f.id === id);
    const evidence = findings.slice(0, 5).map((f) => {
      const freq = round(pctOf(f.invocations, totalInv) ?? 0);
      const saving =
        f.savingsMs !== null ? `, saves ${fmt(f.savingsMs)} per affected invocation on the critical path` : '';
      const cause = causeOf(f);
      return `${cause}: ${counted(f.occurrences, 'call')} in ${counted(f.invocations, 'invocation')} (${freq}%)${saving}`;
    });
    const saving = t.savingsMs;
    const priority =
      saving === null
        ? id === 'dynamodb-projection'
          ? 'LOW'
          : 'MEDIUM'
        : executionImpact(saving * share, avgDuration);
    recs.push({
      id,
      priority,
      title: RECOMMENDATION_TITLES[id],
      savingsMs: roundOrNull(saving),
      monthlySavingsUsd: saving === null ? null : roundOrNull(usdOf(saving, share), 2),
      evidence,
    });
  }

  // DynamoDB section: sequential groups and issues come from the same findings.
  const sequentialGroups: DynamoSequentialGroup[] = a.savings.findings
    .filter(
      (f) => f.id === 'dynamodb-batch-reads' || f.id === 'dynamodb-batch-writes' || f.id === 'dynamodb-parallelize',
    )
    .map((f) => {
      const [operation, ...rest] = f.id === 'dynamodb-parallelize' ? ['(mixed)', f.key] : f.key.split(' ');
      return {
        operation: operation ?? '?',
        table: f.table ?? rest.join(' '),
        callsPerInvocation: round(f.callsPerInvocation ?? 0, 1),
        frequencyPct: round(pctOf(f.invocations, totalInv) ?? 0),
        savingsMs: round(f.savingsMs ?? 0),
      };
    });
  const issues: DynamoIssue[] = a.savings.findings
    .filter((f) => f.id.startsWith('dynamodb-'))
    .map((f) => ({
      id: f.id,
      table: f.table ?? f.key,
      detail: `${causeOf(f)} (${counted(f.occurrences, 'call')}, ${counted(f.invocations, 'invocation')})`,
      savingsMs: roundOrNull(f.savingsMs),
    }));
  if (a.dynamodb.retries > 0 || a.dynamodb.throttles > 0)
    issues.push({
      id: 'dynamodb-throttling',
      table: '(all)',
      detail: `${counted(a.dynamodb.retries, 'retry', 'retries')} and ${counted(a.dynamodb.throttles, 'throttled call')}`,
      savingsMs: null,
    });

  // External dependencies: slow ones, retries, timeouts.
  const slow = a.externalApis.apis.filter(
    (api) => api.p90Ms >= 500 || (avgDuration ? (api.avgMs * api.callsPerInvocation) / avgDuration >= 0.25 : false),
  );
  if (slow.length > 0) {
    const worst = Math.max(...slow.map((s) => (avgDuration ? (s.avgMs * s.callsPerInvocation) / avgDuration : 0)));
    recs.push({
      id: 'http-slow-dependency',
      priority: worst >= 0.25 ? 'HIGH' : 'MEDIUM',
      title: RECOMMENDATION_TITLES['http-slow-dependency'],
      savingsMs: null,
      monthlySavingsUsd: null,
      evidence: slow
        .slice(0, 5)
        .map(
          (s) =>
            `${s.service} (${s.host}): avg ${fmt(s.avgMs)}, p90 ${fmt(s.p90Ms)}, p99 ${fmt(s.p99Ms)}, ${s.callsPerInvocation} calls per invocation`,
        ),
    });
  }
  const retried = a.externalApis.apis.filter((api) => (api.retries ?? 0) > 0);
  if (retried.length > 0 || a.dynamodb.retries > 0 || a.dynamodb.throttles > 0) {
    const evidence = retried.map(
      (r) =>
        `${r.service}: ${counted(r.retries ?? 0, 'retry', 'retries')}, ${r.errorRatePct}% errors over ${counted(r.count, 'call')}`,
    );
    if (a.dynamodb.retries > 0 || a.dynamodb.throttles > 0)
      evidence.push(
        `DynamoDB: ${counted(a.dynamodb.retries, 'retry', 'retries')}, ${counted(a.dynamodb.throttles, 'throttled call')}`,
      );
    recs.push({
      id: 'http-retries',
      priority: a.dynamodb.throttles > 0 || retried.some((r) => (r.retries ?? 0) >= r.count * 0.05) ? 'MEDIUM' : 'LOW',
      title: RECOMMENDATION_TITLES['http-retries'],
      savingsMs: null,
      monthlySavingsUsd: null,
      evidence,
    });
  }
  const timeoutMs = ctx.fn.timeoutS !== null ? ctx.fn.timeoutS * 1000 : null;
  const timeoutEvidence: string[] = [];
  let timeoutPriority: Impact = 'LOW';
  for (const api of a.externalApis.apis) {
    const x = a.externalApis.extra.get(`${api.service}|${api.host}`);
    if (!x) continue;
    if (x.timeoutKnown > 0 && x.timeoutSet < x.timeoutKnown)
      timeoutEvidence.push(
        `${api.service}: ${x.timeoutKnown - x.timeoutSet} of ${x.timeoutKnown} calls had no client timeout`,
      );
    if (x.timeoutErrors > 0) {
      timeoutEvidence.push(`${api.service}: ${counted(x.timeoutErrors, 'call')} timed out`);
      timeoutPriority = 'MEDIUM';
    }
    if (timeoutMs !== null && x.maxMs >= timeoutMs * 0.5) {
      timeoutEvidence.push(
        `${api.service}: slowest call ${fmt(x.maxMs)}, over half the function timeout (${ctx.fn.timeoutS} s)`,
      );
      timeoutPriority = 'HIGH';
    }
  }
  if (timeoutEvidence.length > 0)
    recs.push({
      id: 'http-timeouts',
      priority: timeoutPriority,
      title: RECOMMENDATION_TITLES['http-timeouts'],
      savingsMs: null,
      monthlySavingsUsd: null,
      evidence: timeoutEvidence.slice(0, 6),
    });

  // Cold start.
  const avgInit = a.coldStart.avgInitMs;
  const coldShare = n > 0 ? a.coldStart.count / n : 0;
  const rareCold = coldShare < RARE_COLD_SHARE;
  const coldPriority = (impact: Impact) => (rareCold ? demoted(impact) : impact);
  // Said once, on the first init recommendation, when it lowered their priority.
  let rareNote = rareCold
    ? [`cold starts are ${round(coldShare * 100, 2)}% of invocations: under 1%, they stay out of the p99`]
    : [];
  const withRareNote = (evidence: string[]) => {
    const out = [...evidence, ...rareNote];
    rareNote = [];
    return out;
  };
  let coldSaving = 0;
  if (a.imports.measured && avgInit !== null) {
    const heavy = a.imports.packages.filter((p) => p.ms >= 50 && p.ms >= avgInit * 0.1 && p.package !== '(app)');
    if (heavy.length > 0) {
      const saving = heavy[0]!.ms;
      coldSaving = Math.max(coldSaving, saving);
      recs.push({
        id: 'init-heavy-import',
        priority: coldPriority(coldImpact(saving, avgInit)),
        title: RECOMMENDATION_TITLES['init-heavy-import'],
        savingsMs: round(saving),
        monthlySavingsUsd: roundOrNull(usdOf(saving, coldShare), 2),
        evidence: withRareNote(
          heavy
            .slice(0, 5)
            .map(
              (p) =>
                `${p.package}: ${fmt(p.ms)} per cold start (${counted(p.files, 'file')}, ${p.bytes !== null ? `${round(p.bytes / 1024)} KB of the bundle, ` : ''}${round(pctOf(p.ms, avgInit) ?? 0)}% of init)`,
            ),
        ),
      });
    }
    const app = a.imports.packages.find((p) => p.package === '(app)');
    if (app && app.ms >= 50 && app.ms >= avgInit * 0.15)
      recs.push({
        id: 'init-lazy-load',
        priority: coldPriority(coldImpact(app.ms / 2, avgInit)),
        title: RECOMMENDATION_TITLES['init-lazy-load'],
        savingsMs: null,
        monthlySavingsUsd: null,
        evidence: withRareNote([
          `the function's own modules take ${fmt(app.ms)} to load (${counted(app.files, 'file')}); modules only some requests need can load on first use`,
          ...a.imports.modules
            .filter((m) => !m.module.startsWith('@') && m.module.startsWith('.'))
            .slice(0, 3)
            .map((m) => `${m.module}: ${fmt(m.ms)}`),
        ]),
      });
    if ((a.imports.count ?? 0) >= 200)
      recs.push({
        id: 'init-bundle',
        priority: coldPriority('MEDIUM'),
        title: RECOMMENDATION_TITLES['init-bundle'],
        savingsMs: null,
        monthlySavingsUsd: null,
        evidence: withRareNote([
          `${a.imports.count} module files loaded at init (${fmt(a.imports.totalMs ?? 0)}); one bundled file resolves and compiles faster`,
        ]),
      });
  }
  const sdkPhase = a.coldStart.phases.find((p) => p.name === 'aws-sdk');
  if ((sdkPhase?.pct ?? 0) >= 25 || (a.coldStart.firstCallSetupMs ?? 0) >= 50) {
    const evidence: string[] = [];
    if (sdkPhase?.avgMs)
      evidence.push(`AWS SDK load + client construction: ${fmt(sdkPhase.avgMs)} (${sdkPhase.pct}% of init)`);
    if (a.coldStart.firstCallSetupMs)
      evidence.push(
        `first AWS call's credential/endpoint setup: ${fmt(a.coldStart.firstCallSetupMs)} in the first invocation`,
      );
    recs.push({
      id: 'init-sdk-clients',
      priority: coldPriority(coldImpact(sdkPhase?.avgMs ?? 0, avgInit)),
      title: RECOMMENDATION_TITLES['init-sdk-clients'],
      savingsMs: null,
      monthlySavingsUsd: null,
      evidence: withRareNote(evidence),
    });
  }

  // Memory and CPU.
  const m = a.memory;
  if (m.leakSuspects.length > 0)
    recs.push({
      id: 'memory-leak',
      priority: m.leakSuspects[0]!.growthMbPerInvocation >= 2 ? 'HIGH' : 'MEDIUM',
      title: RECOMMENDATION_TITLES['memory-leak'],
      savingsMs: null,
      monthlySavingsUsd: null,
      evidence: m.leakSuspects
        .slice(0, 5)
        .map((s) => `environment ${s.environment}: +${s.growthMbPerInvocation} MB per invocation`),
    });
  if (m.heavyOperations.length > 0)
    recs.push({
      id: 'memory-heavy-operation',
      priority: m.allocatedMb && heavyMb(m.heavyOperations) >= m.allocatedMb * 0.1 ? 'MEDIUM' : 'LOW',
      title: RECOMMENDATION_TITLES['memory-heavy-operation'],
      savingsMs: null,
      monthlySavingsUsd: null,
      evidence: m.heavyOperations.slice(0, 5).map(heavyEvidence),
    });
  const hot = a.ownTime.hotNodes[0];
  if (hot && hot.avgMs >= 50 && (a.ownTime.cpuShare ?? 0) >= 0.3)
    recs.push({
      id: 'cpu-hot-function',
      priority: avgDuration && hot.avgMs / avgDuration >= 0.3 ? 'HIGH' : 'MEDIUM',
      title: RECOMMENDATION_TITLES['cpu-hot-function'],
      savingsMs: null,
      monthlySavingsUsd: null,
      evidence: a.ownTime.hotNodes
        .filter((h) => h.avgMs >= 10)
        .slice(0, 5)
        .map((h) => `${h.name}: ${fmt(h.avgMs)} of own time on the critical path per invocation`),
    });

  const sampledHot = sampledHotEvidence(a.hotFunctions, avgDuration);
  if (sampledHot) {
    const existing = recs.find((r) => r.id === 'cpu-hot-function');
    if (existing) {
      existing.evidence.push(...sampledHot.evidence);
      if (ORDER[sampledHot.priority] < ORDER[existing.priority]) existing.priority = sampledHot.priority;
    } else
      recs.push({
        id: 'cpu-hot-function',
        priority: sampledHot.priority,
        title: RECOMMENDATION_TITLES['cpu-hot-function'],
        savingsMs: null,
        monthlySavingsUsd: null,
        evidence: sampledHot.evidence,
      });
  }

  const rightSizing = rightSize(a, ctx, monthlyCost);
  if (rightSizing && rightSizing.recommendedMemoryMb !== rightSizing.currentMemoryMb) {
    const saving =
      rightSizing.predictedAvgMs !== null && avgDuration !== null
        ? Math.max(0, avgDuration - rightSizing.predictedAvgMs)
        : null;
    recs.push({
      id: 'memory-right-size',
      priority: costImpact(
        rightSizing.monthlySavingsUsd,
        monthlyCost,
        saving !== null && saving > 0 ? executionImpact(saving, avgDuration) : 'LOW',
      ),
      title: RECOMMENDATION_TITLES['memory-right-size'],
      savingsMs: roundOrNull(saving),
      monthlySavingsUsd: rightSizing.monthlySavingsUsd,
      evidence: rightSizing.evidence,
    });
  }
  if (ctx.fn.architecture !== 'arm64' && memoryMb !== null && avgBilled !== null) {
    const current = invocationCost(memoryMb, avgBilled, ctx.pricing.gbSecond, 0);
    const arm = invocationCost(memoryMb, avgBilled, ctx.pricing.armGbSecond, 0);
    const monthly = ctx.pricing.invocationsPerMonth !== null ? (current - arm) * ctx.pricing.invocationsPerMonth : null;
    const cpu = a.ownTime.cpuShare;
    const evidence = [
      `GB-second price ${ctx.pricing.gbSecond} (x86_64) vs ${round(ctx.pricing.armGbSecond * 1e10) / 1e10} (arm64): ${round(100 - (ctx.pricing.armGbSecond / ctx.pricing.gbSecond) * 100)}% less per ms`,
    ];
    if (cpu !== null)
      evidence.push(
        `${round(cpu * 100)}% of the time is CPU-bound (${a.ownTime.cpuSource === 'middleware' ? 'measured CPU time' : 'time not waiting on calls'}); ${cpu < 0.5 ? 'mostly waiting, so the CPU type matters little' : 'measure duration on arm64 before switching'}`,
      );
    if (ctx.fn.architecture === null) evidence.push('architecture unknown: assumed x86_64');
    recs.push({
      id: 'arm64',
      priority:
        cpu !== null && cpu >= 0.5 ? 'LOW' : costImpact(monthly, monthlyCost, 'MEDIUM') === 'HIGH' ? 'HIGH' : 'MEDIUM',
      title: RECOMMENDATION_TITLES.arm64,
      savingsMs: null,
      monthlySavingsUsd: roundOrNull(monthly, 2),
      evidence,
    });
  }

  // Timeouts and errors.
  const p99 = a.latency.invocation.p99Ms;
  if (timeoutMs !== null) {
    const max = a.errors.maxDurationMs;
    let priority: Impact | null = null;
    const evidence: string[] = [];
    if (a.errors.timeouts > 0) {
      priority = 'HIGH';
      evidence.push(
        `${a.errors.timeouts} invocation${a.errors.timeouts === 1 ? '' : 's'} timed out (timeout ${ctx.fn.timeoutS} s)`,
      );
    }
    if (max !== null && max >= timeoutMs * 0.8) {
      priority = 'HIGH';
      evidence.push(`slowest invocation ${fmt(max)} is ${round(pctOf(max, timeoutMs) ?? 0)}% of the timeout`);
    } else if (p99 !== null && p99 >= timeoutMs * 0.5) {
      priority ??= 'MEDIUM';
      evidence.push(`p99 ${fmt(p99)} is ${round(pctOf(p99, timeoutMs) ?? 0)}% of the timeout`);
    } else if (p99 !== null && timeoutMs >= 10_000 && timeoutMs >= p99 * 10 && a.errors.timeouts === 0) {
      priority ??= 'LOW';
      evidence.push(
        `timeout ${ctx.fn.timeoutS} s is ${round(timeoutMs / Math.max(1, p99))}× the p99 (${fmt(p99)}): a hung call runs (and bills) that long before failing`,
      );
    }
    if (priority)
      recs.push({
        id: 'timeout-headroom',
        priority,
        title: RECOMMENDATION_TITLES['timeout-headroom'],
        savingsMs: null,
        monthlySavingsUsd: null,
        evidence,
      });
  }
  if (a.errors.count > 0) {
    const rate = a.errors.ratePct ?? 0;
    recs.push({
      id: 'errors',
      priority: rate >= 5 ? 'HIGH' : rate >= 1 ? 'MEDIUM' : 'LOW',
      title: RECOMMENDATION_TITLES.errors,
      savingsMs: null,
      monthlySavingsUsd: null,
      evidence: [
        `${a.errors.count} of ${n} invocations failed (${rate}%)`,
        ...[...a.errors.types.entries()]
          .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))
          .slice(0, 4)
          .map(([t, k]) => `${t}: ${k}`),
      ],
    });
  }

  recs.sort(
    (x, y) =>
      ORDER[x.priority] - ORDER[y.priority] ||
      (y.monthlySavingsUsd ?? -1) - (x.monthlySavingsUsd ?? -1) ||
      (y.savingsMs ?? -1) - (x.savingsMs ?? -1) ||
      x.id.localeCompare(y.id),
  );

  const bottlenecks = buildBottlenecks(a, avgDuration, totalInv);

  const combined = a.savings.combinedAvgMs;
  const execTo = avgDuration !== null ? Math.max(0, avgDuration - combined) : null;
  const coldTo = avgInit !== null ? Math.max(0, avgInit - coldSaving) : null;
  let costTo: number | null = null;
  if (monthlyCost !== null && memoryMb !== null && avgBilled !== null && ctx.pricing.invocationsPerMonth !== null) {
    const billedAfter = Math.max(1, avgBilled - combined - coldSaving * coldShare);
    const mem = rightSizing?.recommendedMemoryMb ?? memoryMb;
    const scale = rightSizing?.predictedAvgMs && avgDuration ? rightSizing.predictedAvgMs / avgDuration : 1;
    const price = ctx.fn.architecture !== 'arm64' ? ctx.pricing.armGbSecond : ctx.pricing.gbSecond;
    costTo = ctx.pricing.invocationsPerMonth * invocationCost(mem, billedAfter * scale, price, ctx.pricing.perRequest);
  }
  if (combined > 0)
    notes.push(
      "Expected execution time removes each finding's saving from the critical path once: where findings overlap on the same call, only the larger saving counts.",
    );
  return {
    recommendations: recs,
    bottlenecks,
    sequentialGroups,
    issues,
    expected: {
      coldStartMs: { from: roundOrNull(avgInit), to: roundOrNull(coldTo) },
      executionMs: { from: roundOrNull(avgDuration), to: roundOrNull(execTo) },
      monthlyCostUsd: { from: roundOrNull(monthlyCost, 2), to: roundOrNull(costTo, 2) },
    },
    rightSizing,
    notes,
  };
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .replace(/-+$/, '') || 'location'
  );
}

/**
 * Why a location costs time: its largest finding, unless that finding saves under a quarter of the
 * time spent there (a 1 s API call that a kept-alive connection would make 64 ms faster), where the
 * dependency's own latency leads.
 */
export function bottleneckCause(
  l: { kind: string; avgMs: number },
  best: FindingTotals | undefined,
  api: Pick<ExternalApi, 'p50Ms' | 'p90Ms' | 'callsPerInvocation'> | undefined,
): string {
  const latency = api
    ? `dependency latency: p50 ${fmt(api.p50Ms)}, p90 ${fmt(api.p90Ms)}, ${api.callsPerInvocation} calls per invocation`
    : null;
  if (best) {
    const finding = `${causeOf(best)} (see ${best.id})`;
    return latency !== null && (best.savingsMs ?? 0) < l.avgMs / 4 ? `${latency}; ${finding}` : finding;
  }
  if (l.kind === 'code') return 'own code on the critical path (CPU work or awaiting something untraced)';
  return latency ?? 'time waiting on this call on the critical path';
}

function buildBottlenecks(a: AnalysisResults, avgDuration: number | null, totalInv: number): Bottleneck[] {
  const candidates: (Bottleneck & { weight: number })[] = [];
  const findingsFor = (label: string) =>
    a.savings.findings.filter(
      (f) => label.endsWith(f.key) || label === f.key || (f.table !== null && label.endsWith(` ${f.table}`)),
    );
  for (const l of a.ownTime.locations.slice(0, 20)) {
    const perInvocation = l.totalCriticalMs / totalInv;
    if (perInvocation <= 0) continue;
    const best = findingsFor(l.label)
      .filter((f) => f.savingsMs !== null)
      .sort((x, y) => (y.savingsMs ?? 0) * y.invocations - (x.savingsMs ?? 0) * x.invocations)[0];
    const share = avgDuration ? perInvocation / avgDuration : 0;
    const api = l.kind === 'code' ? undefined : a.externalApis.apis.find((x) => x.service === l.label);
    const rootCause = bottleneckCause(l, best, api);
    candidates.push({
      id: slug(l.label),
      name: l.kind === 'code' ? l.label : `${l.label} calls`,
      location: l.label,
      avgMs: round(l.avgMs),
      frequencyPct: round(pctOf(l.invocations, totalInv) ?? 0),
      rootCause,
      impact: share >= 0.2 ? 'HIGH' : share >= 0.05 ? 'MEDIUM' : 'LOW',
      savingsMs: round(best?.savingsMs ?? 0),
      weight: perInvocation,
    });
  }
  const cs = a.coldStart;
  if (cs.count > 0 && cs.avgInitMs !== null) {
    const perInvocation = (cs.avgInitMs * cs.count) / totalInv;
    const share = avgDuration ? perInvocation / avgDuration : 0;
    const phases = cs.phases.filter((p) => (p.avgMs ?? 0) > 0).sort((x, y) => (y.avgMs ?? 0) - (x.avgMs ?? 0));
    const heavy = a.imports.packages.find((p) => p.package !== '(app)' && p.ms >= 50);
    candidates.push({
      id: 'cold-start',
      name: 'Cold start (init)',
      location: 'init phase (outside the handler)',
      avgMs: cs.avgInitMs,
      frequencyPct: round(pctOf(cs.count, totalInv) ?? 0),
      rootCause:
        phases.length > 0
          ? `largest phase: ${phases[0]!.name} ${fmt(phases[0]!.avgMs ?? 0)} (${phases[0]!.pct}%)${heavy ? `; heaviest package ${heavy.package} ${fmt(heavy.ms)}` : ''}`
          : 'init work before the first invocation (phases need the middleware)',
      impact: share >= 0.2 || cs.avgInitMs >= 1000 ? 'HIGH' : share >= 0.05 || cs.avgInitMs >= 300 ? 'MEDIUM' : 'LOW',
      savingsMs: round(heavy?.ms ?? 0),
      weight: perInvocation,
    });
  }
  return candidates
    .sort((x, y) => y.weight - x.weight || x.id.localeCompare(y.id))
    .slice(0, 5)
    .map(({ weight: _w, ...b }) => b);
}

/**
 * Memory right-sizing from the CPU-bound share: waiting time stays, CPU time scales with the CPU
 * share Lambda gives each memory size (up to one vCPU for one JavaScript thread). The cheapest size
 * that keeps 25 % headroom over the peak memory and is at most 10 % slower wins.
 */
function rightSize(a: AnalysisResults, ctx: BuildContext, monthlyCost: number | null): RightSizing | null {
  const memoryMb = ctx.fn.memoryMb;
  const avg = a.latency.avgMs;
  const cpuShare = a.ownTime.cpuShare;
  if (memoryMb === null || avg === null || cpuShare === null) return null;
  const peak = a.memory.peakUsedMb;
  const minMb = peak !== null ? peak * 1.25 : memoryMb;
  const cpuMs = avg * cpuShare;
  const waitMs = avg - cpuMs;
  // Locally the process had a whole core: as at 1,769 MB or more.
  const measuredAt = ctx.local ? 1 : cpuFraction(memoryMb);
  const price = ctx.pricing.gbSecond;
  const predict = (mb: number) => waitMs + (cpuMs * measuredAt) / cpuFraction(mb);
  const cost = (mb: number) => invocationCost(mb, predict(mb), price, 0);
  const candidates = [...new Set([...MEMORY_STEPS, memoryMb])]
    .filter((mb) => mb >= minMb || mb === memoryMb)
    .sort((x, y) => x - y);
  const limit = predict(memoryMb) * 1.1;
  let best = memoryMb;
  for (const mb of candidates) if (predict(mb) <= limit && cost(mb) < cost(best) * 0.97) best = mb;
  const predicted = predict(best);
  const perInvDelta = cost(memoryMb) - cost(best);
  const monthly =
    ctx.pricing.invocationsPerMonth !== null ? round(perInvDelta * ctx.pricing.invocationsPerMonth, 2) : null;
  const evidence = [
    `CPU-bound share ${round(cpuShare * 100)}% (${a.ownTime.cpuSource === 'middleware' ? 'measured CPU time' : 'time on the critical path not waiting on calls'}) of ${fmt(avg)} average`,
    `peak memory used ${peak !== null ? `${peak} MB` : 'unknown'} of ${memoryMb} MB`,
    `predicted average at ${best} MB: ${fmt(predicted)} (now ${fmt(avg)})`,
  ];
  if (monthly !== null && monthlyCost)
    evidence.push(`cost ${usd(monthlyCost)} → ${usd(monthlyCost - monthly)} per month`);
  if (ctx.local) evidence.push('local run: CPU was one full core, scaled to the memory size with 1,769 MB = 1 vCPU');
  return {
    currentMemoryMb: memoryMb,
    recommendedMemoryMb: best,
    cpuBoundPct: round(cpuShare * 100),
    predictedAvgMs: round(predicted),
    monthlySavingsUsd: monthly,
    evidence,
  };
}

/** The largest per-invocation memory figure of the heavy operations (heap growth or allocation). */
function heavyMb(ops: readonly HeavyOperation[]): number {
  return Math.max(0, ...ops.map((h) => h.heapDeltaMb ?? h.allocatedMb ?? 0));
}

function heavyEvidence(h: HeavyOperation): string {
  if (h.allocatedMb !== null && h.heapDeltaMb === null)
    return `${h.name} (${h.location ?? 'unknown location'}): allocates ${h.allocatedMb} MB per profiled invocation that ran it (${counted(h.count, 'heap profile')})`;
  return `${h.name}: ${heapChange(h)} on average${gcPart(h)} (${h.count} sampled)`;
}

/**
 * A sampled function is named when, in the profiled invocations it ran in, it takes at least
 * HOT_MIN_MS of self time and a meaningful share of the CPU (HOT_MIN_PCT of all sampled CPU, or of an
 * average profiled invocation's CPU), or HOT_ABS_MS whatever its share. Per invocation it ran in, not
 * per profile: a hot path taken by one request type in five is still worth naming.
 */
const HOT_MIN_MS = 10;
const HOT_MIN_PCT = 10;
const HOT_ABS_MS = 50;

export function namedHot(f: HotFunctionsSection['functions'][number], hot: HotFunctionsSection): boolean {
  if (RUNTIME_PACKAGES.has(f.package)) return false;
  const perRun = f.profiles > 0 ? (f.avgSelfMs * hot.profiles) / f.profiles : 0;
  if (perRun >= HOT_ABS_MS) return true;
  if (perRun < HOT_MIN_MS) return false;
  const runShare = hot.avgSampledMs ? (perRun / hot.avgSampledMs) * 100 : 0;
  return f.selfPct >= HOT_MIN_PCT || runShare >= HOT_MIN_PCT;
}

/** The application's (or a package's) functions that dominate the sampled CPU profiles. */
function sampledHotEvidence(
  hot: HotFunctionsSection | null | undefined,
  avgDurationMs: number | null,
): { priority: Impact; evidence: string[] } | null {
  if (!hot) return null;
  const named = hot.functions.filter((f) => namedHot(f, hot));
  const top = named[0];
  if (!top) return null;
  const share = avgDurationMs ? top.avgSelfMs / avgDurationMs : 0;
  return {
    priority: share >= 0.3 ? 'HIGH' : share >= 0.1 ? 'MEDIUM' : 'LOW',
    evidence: named
      .slice(0, 5)
      .map(
        (f) =>
          `${f.name} (${f.location}): ${f.avgSelfMs} ms of CPU per profiled invocation, ${f.selfPct}% of sampled CPU time (${f.profiles}/${hot.profiles} profiles)`,
      ),
  };
}
