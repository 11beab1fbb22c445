import type { WorkNode } from './types.js';

/**
 * Marks the critical path of a work tree: walking back from the root's end, the child that ended
 * last before the current point is on the path; the time between children is the parent's own.
 * Children may start before their parent (real Lambda data): intervals are clipped to the parent,
 * never the reverse. Sets `selfCriticalMs` on every node on the path and `criticalMs` on calls.
 * Returns the path length (the root's duration).
 */
export function markCriticalPath(root: WorkNode): number {
  walk(root, root.startMs, root.endMs);
  return Math.max(0, root.endMs - root.startMs);
}

function walk(node: WorkNode, from: number, to: number): void {
  if (to <= from) return;
  if (node.call) {
    node.call.criticalMs += to - from;
    node.selfCriticalMs += to - from;
    return;
  }
  if (node.children.length === 0) {
    node.selfCriticalMs += to - from;
    return;
  }
  // Sorted in place: the order of children means nothing elsewhere.
  const children = node.children;
  if (children.length > 1) sortByEndDesc(children);
  let t = to;
  for (const child of children) {
    if (t <= from) break;
    if (child.startMs >= t) continue;
    const end = Math.min(child.endMs, t);
    if (end <= from) continue;
    // The parent itself is busy between this child's end and the current point.
    node.selfCriticalMs += t - end;
    const start = Math.max(child.startMs, from);
    walk(child, start, end);
    t = start;
  }
  if (t > from) node.selfCriticalMs += t - from;
}

/**
 * The order `list.sort(byEndDesc)` gives (both stable), by insertion for short lists: the built-in
 * sort copies into a work array on every call, 76 MB of garbage per 100,000 invocations here.
 */
function sortByEndDesc(list: WorkNode[]): void {
  if (list.length > 16) {
    list.sort(byEndDesc);
    return;
  }
  for (let i = 1; i < list.length; i++) {
    const x = list[i]!;
    let j = i - 1;
    // Only a strictly positive comparison moves an element: equal ones keep their order.
    while (j >= 0 && byEndDesc(list[j]!, x) > 0) {
      list[j + 1] = list[j]!;
      j--;
    }
    list[j + 1] = x;
  }
}

function byEndDesc(a: WorkNode, b: WorkNode): number {
  return b.endMs - a.endMs || a.startMs - b.startMs;
}
