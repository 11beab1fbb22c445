import type { AssembledTrace, AssemblerCounts, AssemblerOptions } from '../../src/model/assembler.js';
import type { XrayDoc } from '../../src/model/types.js';

interface Pending {
  traceId: string;
  docs: Map<string, XrayDoc>;
  lastSeen: number;
  hasFunction: boolean;
}

const FUNCTION_ORIGIN = 'AWS::Lambda::Function';

/**
 * The trace assembler as it was before pending traces became arrays with completeness kept up to
 * date (a Map of documents per trace, completeness walked over all documents at each sweep): the
 * reference the real one must match document for document.
 */
export class ReferenceAssembler {
  private readonly pending = new Map<string, Pending>();
  private readonly done = new Set<string>();
  private seq = 0;
  readonly counts: AssemblerCounts = { documents: 0, duplicates: 0, late: 0, incompleteTraces: 0, traces: 0 };

  constructor(private readonly options: AssemblerOptions) {}

  add(doc: XrayDoc, traceId: string): void {
    this.counts.documents++;
    if (this.done.has(traceId)) {
      this.counts.late++;
      return;
    }
    let p = this.pending.get(traceId);
    if (!p) {
      p = { traceId, docs: new Map(), lastSeen: 0, hasFunction: false };
      this.pending.set(traceId, p);
    }
    p.lastSeen = ++this.seq;
    const existing = p.docs.get(doc.id);
    if (existing) {
      if (existing.in_progress && !doc.in_progress) p.docs.set(doc.id, doc);
      else this.counts.duplicates++;
    } else p.docs.set(doc.id, doc);
    if (doc.origin === FUNCTION_ORIGIN && !doc.in_progress) p.hasFunction = true;
    // Swept as often as the real one (every 32 documents: when a trace past its grace is emitted).
    if ((this.seq & 31) === 0) this.sweep(false);
  }

  endTrace(traceId: string): void {
    const p = this.pending.get(traceId);
    if (p) this.emit(p, false);
  }

  flush(): void {
    this.sweep(true);
  }

  private sweep(all: boolean): void {
    const { windowDocs, graceDocs } = this.options;
    for (const p of this.pending.values()) {
      const idle = this.seq - p.lastSeen;
      if (all || idle >= windowDocs) this.emit(p, !isComplete(p));
      else if (idle >= graceDocs && p.hasFunction && isComplete(p)) this.emit(p, false);
    }
  }

  private emit(p: Pending, incomplete: boolean): void {
    this.pending.delete(p.traceId);
    this.done.add(p.traceId);
    this.counts.traces++;
    if (incomplete) this.counts.incompleteTraces++;
    const trace: AssembledTrace = { traceId: p.traceId, docs: [...p.docs.values()], incomplete };
    this.options.onTrace(trace);
  }
}

function collectIds(doc: XrayDoc, ids: Set<string>): void {
  ids.add(doc.id);
  if (doc.subsegments) for (const s of doc.subsegments) collectIds(s, ids);
}

function isComplete(p: Pending): boolean {
  if (!p.hasFunction) return false;
  const ids = new Set<string>();
  for (const d of p.docs.values()) {
    if (d.in_progress) return false;
    collectIds(d, ids);
  }
  for (const d of p.docs.values()) if (d.type === 'subsegment' && d.parent_id && !ids.has(d.parent_id)) return false;
  return true;
}
