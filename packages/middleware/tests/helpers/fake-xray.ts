import type { SegmentLike } from '../../src/structural-types.js';

// Unit-test stand-ins for the X-Ray SDK's Segment/Subsegment with the same semantics the profiler
// relies on (closed children travel inside their parent, flush sends one document). The real SDK
// is exercised by tests/integration.

let nextId = 1;
function id(): string {
  return (nextId++).toString(16).padStart(16, '0');
}

export class FakeSubsegment implements SegmentLike {
  id = id();
  start_time = Date.now() / 1000;
  end_time?: number;
  in_progress?: boolean = true;
  parent?: SegmentLike;
  subsegments?: SegmentLike[];
  annotations?: Record<string, string | number | boolean>;
  metadata?: Record<string, Record<string, unknown>>;
  fault?: boolean;
  /** As in the X-Ray SDK: set on an untraced (Sampled=0) segment and inherited by its subsegments. */
  notTraced?: boolean;
  constructor(
    public name: string,
    public readonly sent: unknown[] = FakeSubsegment.sink,
  ) {}
  static sink: unknown[] = [];
  addAnnotation(key: string, value: string | number | boolean): void {
    this.annotations ??= {};
    this.annotations[key] = value;
  }
  addMetadata(key: string, value: unknown, namespace = 'default'): void {
    this.metadata ??= {};
    this.metadata[namespace] ??= {};
    this.metadata[namespace]![key] = value;
  }
  addNewSubsegment(name: string): SegmentLike {
    const sub = new FakeSubsegment(name, this.sent);
    if (this.notTraced) sub.notTraced = true;
    this.addSubsegment(sub);
    return sub;
  }
  addSubsegment(sub: SegmentLike): void {
    this.subsegments ??= [];
    sub.parent = this;
    this.subsegments.push(sub);
  }
  removeSubsegment(sub: SegmentLike): void {
    this.subsegments = this.subsegments?.filter((s) => s !== sub);
  }
  addFaultFlag(): void {
    this.fault = true;
  }
  close(): void {
    this.end_time = Date.now() / 1000;
    delete this.in_progress;
    this.flush();
    this.parent?.removeSubsegment(this);
  }
  flush(): void {
    if (this.notTraced) return;
    this.sent.push(
      JSON.parse(
        JSON.stringify(this, (k, v) =>
          (k === 'parent' && v !== null && typeof v === 'object') || k === 'sent' || k === 'notTraced' ? undefined : v,
        ),
      ),
    );
  }
}

/** The Lambda facade segment: never sent itself. */
export class FakeFacade extends FakeSubsegment {
  facade = true;
  trace_id = '1-5759e988-bd862e3fe1be46a994272793';
  constructor(sent: unknown[] = []) {
    super('facade', sent);
  }
  override close(): void {}
}

export interface SentDocument {
  id: string;
  name: string;
  start_time: number;
  end_time?: number;
  annotations?: Record<string, unknown>;
  metadata?: Record<string, Record<string, unknown>>;
  subsegments?: SentDocument[];
  fault?: boolean;
}

/** A Powertools-Tracer-shaped fake: enough for the real `captureLambdaHandler` and `profiler()`. */
export class FakeTracer {
  readonly sent: SentDocument[] = [];
  facade: FakeFacade;
  constructor() {
    // Subsegments the profiler builds through `handler.constructor` report here too.
    FakeSubsegment.sink = this.sent as unknown[];
    this.facade = new FakeFacade(this.sent as unknown[]);
    this.current = this.facade;
  }
  current: SegmentLike;
  enabled = true;
  coldStart = true;
  isTracingEnabled(): boolean {
    return this.enabled;
  }
  getSegment(): SegmentLike | undefined {
    return this.current;
  }
  setSegment(segment: SegmentLike): void {
    this.current = segment;
  }
  annotateColdStart(): void {
    (this.current as FakeSubsegment).addAnnotation('ColdStart', this.coldStart);
    this.coldStart = false;
  }
  addServiceNameAnnotation(): void {
    (this.current as FakeSubsegment).addAnnotation('Service', 'test-service');
  }
  addResponseAsMetadata(): void {}
  addErrorAsMetadata(): void {}
  named(name: string): SentDocument[] {
    return this.sent.filter((d) => d.name === name);
  }
}

export class FakeMetrics {
  stored: { name: string; unit: string; value: number }[] = [];
  published: { name: string; unit: string; value: number }[][] = [];
  addMetric(name: string, unit: string, value: number): void {
    this.stored.push({ name, unit, value });
  }
  publishStoredMetrics(): void {
    this.published.push(this.stored);
    this.stored = [];
  }
}
