import { TraceAssembler } from '../model/assembler.js';
import { buildInvocations } from '../model/invocation.js';
import type { Invocation } from '../model/types.js';
import type { Diagnostics } from '../readers/diagnostics.js';
import { readXrayJson, readXrayNdjson } from '../readers/xray.js';
import type { ClassifiedInput } from './inputs.js';
import type { ReadMeter } from './read-meter.js';

/** Named invocations looked at before the profiled function is chosen (the most frequent name). */
const LOCK_AFTER = 50;
/** Services named when traces hold no Lambda function (the error says what they hold instead). */
const MAX_OTHER_SERVICES = 5;

/** Where invocations go: the analyzers' folds. */
export interface InvocationSink {
  fold(inv: Invocation): void;
}

export interface TracePassOptions {
  sink: InvocationSink;
  /** The function to profile when the configuration names it. */
  knownName: string | null;
  assembly: { windowDocs: number; graceDocs: number };
  /** Traces foreseen: the REPORT lines read (one per invocation), 0 without logs. */
  expectedTraces?: number;
}

/**
 * The trace pass: documents assembled into traces within a bounded window, reduced to
 * invocations, routed to the folds (invocations of other functions in the same traces left out),
 * dropped.
 */
export class TracePass {
  readonly assembler: TraceAssembler;
  /** What traces without a function hold: named if no invocation is found at all. */
  readonly otherServices = new Set<string>();
  otherFunctions = 0;
  /** The profiled function, once chosen. */
  mainName: string | null = null;
  private readonly nameCounts = new Map<string, number>();
  private locked = false;
  private readonly buffer: Invocation[] = [];

  constructor(private readonly o: TracePassOptions) {
    this.assembler = new TraceAssembler({
      windowDocs: o.assembly.windowDocs,
      graceDocs: o.assembly.graceDocs,
      expectedTraces: o.expectedTraces,
      onTrace: (trace) => {
        const built = buildInvocations(trace);
        for (const inv of built.invocations) this.route(inv);
        if (built.invocations.length === 0 && this.otherServices.size < MAX_OTHER_SERVICES)
          for (const seg of built.otherSegments)
            if (this.otherServices.size < MAX_OTHER_SERVICES)
              this.otherServices.add(typeof seg.origin === 'string' ? `${seg.name} (${seg.origin})` : seg.name);
      },
    });
  }

  /** Chooses the profiled function (the configured one if the traces have it, else the most frequent). */
  private lock(): void {
    if (this.locked) return;
    this.locked = true;
    const ranked = [...this.nameCounts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const known = this.o.knownName;
    this.mainName = known !== null && this.nameCounts.has(known) ? known : (ranked[0]?.[0] ?? known);
    for (const inv of this.buffer.splice(0)) this.route(inv);
  }

  private route(inv: Invocation): void {
    if (!this.locked) {
      this.buffer.push(inv);
      if (inv.functionName) {
        const n = (this.nameCounts.get(inv.functionName) ?? 0) + 1;
        this.nameCounts.set(inv.functionName, n);
        if (n >= LOCK_AFTER || this.buffer.length >= LOCK_AFTER * 4) this.lock();
      }
      return;
    }
    if (inv.functionName !== null && this.mainName !== null && inv.functionName !== this.mainName) {
      this.otherFunctions++;
      return;
    }
    this.o.sink.fold(inv);
  }

  /** Reads the trace inputs in order; the caller ends the pass (end()). */
  async read(inputs: readonly ClassifiedInput[], diag: Diagnostics, meter?: ReadMeter): Promise<void> {
    for (const input of inputs) {
      if (input.format === 'xray-ndjson') await readXrayNdjson(input.path, this.assembler, diag, meter?.onBytes);
      else await readXrayJson(input.path, this.assembler, diag, meter?.onBytes);
      meter?.done(input);
    }
  }

  /** End of input: assembles what is still pending and chooses the function if not done yet. */
  end(): void {
    this.assembler.flush();
    this.lock();
  }
}
