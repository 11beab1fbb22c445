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
import { markCriticalPath } from '../model/critical-path.js';
import type { LogStore } from '../model/log-store.js';
import type { Invocation } from '../model/types.js';
import { joinLogs } from './join.js';

export interface FoldOptions {
  /** The profiled function's name (asked when the service map first meets an invocation). */
  functionName: () => string;
  /** Configured memory, when known from the function's configuration. */
  allocatedMb: number | null;
}

function analyzers(options: FoldOptions) {
  return {
    latency: latencyAnalyzer(),
    errors: errorsAnalyzer(),
    coldStart: coldStartAnalyzer(),
    imports: importsAnalyzer(),
    dynamodb: dynamodbAnalyzer(),
    externalApis: externalApisAnalyzer(),
    memory: memoryAnalyzer({ allocatedMb: options.allocatedMb }),
    ownTime: ownTimeAnalyzer(),
    savings: savingsAnalyzer(),
    serviceMap: serviceMapAnalyzer(options.functionName),
    slowest: slowestAnalyzer(),
    breakdowns: breakdownsAnalyzer(),
    hotFunctions: hotFunctionsAnalyzer(),
    heavyOperations: heavyOperationsAnalyzer(),
  };
}

export type Analyzers = ReturnType<typeof analyzers>;

const NO_CLAIMS: readonly Claim[] = [];

/**
 * The 14 analyzers and the per-invocation work before them (join with the logs, critical path,
 * savings claims): each invocation is folded in once, then dropped.
 */
export class InvocationFolds {
  readonly a: Analyzers;

  constructor(
    private readonly store: LogStore,
    options: FoldOptions,
  ) {
    this.a = analyzers(options);
  }

  fold(inv: Invocation): void {
    joinLogs(inv, this.store);
    if (inv.root) markCriticalPath(inv.root);
    const claims = inv.root ? findClaims(inv) : NO_CLAIMS;
    // One call site per analyzer, not a loop over a list of them: 14 different objects made one
    // megamorphic `a.add` call that V8 could neither cache nor inline.
    const a = this.a;
    a.latency.add(inv, claims);
    a.errors.add(inv, claims);
    a.coldStart.add(inv, claims);
    a.imports.add(inv, claims);
    a.dynamodb.add(inv, claims);
    a.externalApis.add(inv, claims);
    a.memory.add(inv, claims);
    a.ownTime.add(inv, claims);
    a.savings.add(inv, claims);
    a.serviceMap.add(inv, claims);
    a.slowest.add(inv, claims);
    a.breakdowns.add(inv, claims);
    a.hotFunctions.add(inv, claims);
    a.heavyOperations.add(inv, claims);
  }
}
