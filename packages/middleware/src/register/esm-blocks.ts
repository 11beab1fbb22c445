/**
 * Inclusive time of ES modules from their evaluation order. ES modules evaluate depth-first, each
 * after the dependencies it is the first to import: a module's evaluation *block* is the run of
 * modules that finished right before it and that it owns (its direct imports, each with its own
 * block), then itself. Walking back from a finished module over the finish order, while the module
 * there is a direct import of it not yet owned by another, finds that block exactly; its first start
 * is where the module's inclusive time begins. Edges come from the `resolve` hook (parent → child).
 */
export class EsmBlocks {
  private readonly childrenOf = new Map<string, string[]>();
  private readonly idOf = new Map<string, number>();
  private readonly urls: string[] = [];
  /** Module ids in the order they finished evaluating. */
  private readonly done: number[] = [];
  private readonly firstOfBlock: number[] = [];
  private readonly blockStartMs: number[] = [];
  private readonly owned: boolean[] = [];

  /** `parent` imports `child` (both URLs as the loader sees them). */
  edge(parent: string, child: string): void {
    const list = this.childrenOf.get(parent);
    if (list) list.push(child);
    else this.childrenOf.set(parent, [child]);
  }

  /** A timed module got `id`. */
  module(id: number, url: string): void {
    this.urls[id] = url;
    this.idOf.set(url, id);
  }

  /**
   * `id` finished; its body started at `startMs`. Returns when its block started (≤ `startMs`) and
   * the modules it owns (first loaded by it).
   */
  finish(id: number, startMs: number): { blockStartMs: number; owns: number[] } {
    const children = new Set<number>();
    for (const url of this.childrenOf.get(this.urls[id] ?? '') ?? []) {
      const child = this.idOf.get(url);
      if (child !== undefined) children.add(child);
    }
    const owns: number[] = [];
    let blockStartMs = startMs;
    let first = this.done.length;
    let at = first - 1;
    while (at >= 0) {
      const previous = this.done[at]!;
      if (!children.has(previous) || this.owned[previous]) break;
      this.owned[previous] = true;
      owns.push(previous);
      blockStartMs = Math.min(blockStartMs, this.blockStartMs[previous]!);
      first = this.firstOfBlock[previous]!;
      at = first - 1;
    }
    this.firstOfBlock[id] = first;
    this.blockStartMs[id] = blockStartMs;
    this.done.push(id);
    return { blockStartMs, owns };
  }
}
