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

interface TrieNode {
  next: Map<string, TrieNode>;
  value: string | undefined;
}

/**
 * Interned strings for a list of parts of any length (`GetItem+PutItem orders`, `channels + states
 * under index.handler`): a trie of maps, so a key seen before is neither built again nor hashed
 * fresh where a Map looks it up (a string caches its hash). Different lists never share a string.
 */
export class ListInterner {
  private readonly root: TrieNode = { next: new Map(), value: undefined };

  constructor(private readonly make: (parts: readonly string[]) => string) {}

  get(parts: readonly string[]): string {
    let node = this.root;
    for (const part of parts) {
      let child = node.next.get(part);
      if (!child) {
        child = { next: new Map(), value: undefined };
        node.next.set(part, child);
      }
      node = child;
    }
    node.value ??= this.make(parts);
    return node.value;
  }
}
