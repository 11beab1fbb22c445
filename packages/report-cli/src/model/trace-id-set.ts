/** Slots start at 2^14 (256 KB of keys) and double at half full. */
const INITIAL_SLOTS = 1 << 14;

/** The 4-bit value of a lowercase hex digit's char code, or -1. */
function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/** Eight hex digits from `at` as an unsigned 32-bit number, or -1 when one is not lowercase hex. */
function hexWord(id: string, at: number): number {
  let w = 0;
  for (let i = at; i < at + 8; i++) {
    const d = hexDigit(id.charCodeAt(i));
    if (d < 0) return -1;
    w = ((w << 4) | d) >>> 0;
  }
  return w;
}

/**
 * A set of X-Ray trace ids (`1-xxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx`: 128 bits of hex), held as four
 * 32-bit words per id in an open-addressing table off the JS heap. The assembler's set of finished
 * traces holds one id per trace (100,000 at the issue-6 scale): as a `Set<string>`, its `has` per new
 * trace and `add` per emitted trace were 2.8 % of `generate`'s CPU profile (each probe reads a heap
 * string far away in memory) and its 100,000 strings stayed in old space; this table measured ≈ 1.1 %
 * (mostly reading the hex) and 20 MB less peak RSS (245 → 225 MB, NDJSON of 100,000 invocations).
 * Any other id (tests, hand-written documents) goes to a plain `Set<string>`: membership is exact.
 */
export class TraceIdSet {
  private keys: Uint32Array;
  private used: Uint8Array;
  private count = 0;
  private readonly others = new Set<string>();
  /** The id's words, filled by `parse` (no array per call). */
  private w0 = 0;
  private w1 = 0;
  private w2 = 0;
  private w3 = 0;

  /**
   * `expected`: how many ids the caller foresees (the REPORT lines read before the traces). The table
   * starts at its final size: grown from 2^14 slots, 100,000 ids were rehashed four times into fresh
   * arrays (≈ 8 MB allocated instead of 4). Too small a gain to show in a whole run's wall time.
   */
  constructor(expected = 0) {
    let slots = INITIAL_SLOTS;
    while (expected * 2 > slots) slots *= 2;
    this.keys = new Uint32Array(slots * 4);
    this.used = new Uint8Array(slots);
  }

  get size(): number {
    return this.count + this.others.size;
  }

  has(id: string): boolean {
    if (!this.parse(id)) return this.others.has(id);
    return this.used[this.find()] === 1;
  }

  add(id: string): void {
    if (!this.parse(id)) {
      this.others.add(id);
      return;
    }
    const slot = this.find();
    if (this.used[slot] === 1) return;
    this.put(slot);
    if (++this.count * 2 > this.used.length) this.grow();
  }

  /** Reads `1-` + 8 hex + `-` + 24 hex into w0..w3; false for anything else. */
  private parse(id: string): boolean {
    if (id.length !== 35 || id.charCodeAt(0) !== 49 || id.charCodeAt(1) !== 45 || id.charCodeAt(10) !== 45)
      return false;
    const w0 = hexWord(id, 2);
    const w1 = hexWord(id, 11);
    const w2 = hexWord(id, 19);
    const w3 = hexWord(id, 27);
    if (w0 < 0 || w1 < 0 || w2 < 0 || w3 < 0) return false;
    this.w0 = w0;
    this.w1 = w1;
    this.w2 = w2;
    this.w3 = w3;
    return true;
  }

  /** The slot holding the parsed id, or the free slot where it would go (linear probing). */
  private find(): number {
    const mask = this.used.length - 1;
    // The 24 hex digits after the time are random in X-Ray ids: mixing two words spreads them well.
    let slot = Math.imul(this.w3 ^ Math.imul(this.w2, 0x9e3779b1), 0x85ebca6b) >>> 0;
    slot = (slot ^ (slot >>> 15)) & mask;
    const keys = this.keys;
    const used = this.used;
    while (used[slot] === 1) {
      const k = slot * 4;
      if (keys[k] === this.w0 && keys[k + 1] === this.w1 && keys[k + 2] === this.w2 && keys[k + 3] === this.w3)
        return slot;
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private put(slot: number): void {
    const k = slot * 4;
    this.keys[k] = this.w0;
    this.keys[k + 1] = this.w1;
    this.keys[k + 2] = this.w2;
    this.keys[k + 3] = this.w3;
    this.used[slot] = 1;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldUsed = this.used;
    this.keys = new Uint32Array(oldKeys.length * 2);
    this.used = new Uint8Array(oldUsed.length * 2);
    for (let slot = 0; slot < oldUsed.length; slot++) {
      if (oldUsed[slot] !== 1) continue;
      const k = slot * 4;
      this.w0 = oldKeys[k]!;
      this.w1 = oldKeys[k + 1]!;
      this.w2 = oldKeys[k + 2]!;
      this.w3 = oldKeys[k + 3]!;
      this.put(this.find());
    }
  }
}
