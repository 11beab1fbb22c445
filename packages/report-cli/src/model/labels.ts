/**
 * Interned labels for (service, operation, table) and similar tuples. Analyzers see millions of calls:
 * building `DynamoDB GetItem states` or a `service|host` key per call would allocate a string each
 * time; nested maps return the same string.
 */
export class Interner<T> {
  private readonly root = new Map<string, Map<string, Map<string, T>>>();

  constructor(private readonly make: (a: string, b: string, c: string) => T) {}

  get(a: string, b: string | null, c: string | null): T {
    let m1 = this.root.get(a);
    if (!m1) {
      m1 = new Map();
      this.root.set(a, m1);
    }
    const kb = b ?? '';
    let m2 = m1.get(kb);
    if (!m2) {
      m2 = new Map();
      m1.set(kb, m2);
    }
    const kc = c ?? '';
    let v = m2.get(kc);
    if (v === undefined) {
      v = this.make(a, kb, kc);
      m2.set(kc, v);
    }
    return v;
  }
}

/** A map keyed by two strings without building a joined key per lookup. */
export class PairMap<T> {
  private readonly root = new Map<string, Map<string, T>>();

  get(a: string, b: string, _unused?: null): T | undefined {
    return this.root.get(a)?.get(b);
  }

  set(a: string, b: string, value: T): void {
    let m = this.root.get(a);
    if (!m) {
      m = new Map();
      this.root.set(a, m);
    }
    m.set(b, value);
  }
}
