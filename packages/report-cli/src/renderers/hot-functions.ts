import type { HeavyOperation, HotFunctionsSection } from '../contracts/report-types.js';
import { counted } from '../model/counted.js';
import { gcPart, heapChange } from '../model/heavy-operation-text.js';
import { mb, ms, pct, table } from './format.js';

/** One memory-intensive operation: heap growth of a sampled span, or allocations of a profiled function. */
export function heavyLine(h: HeavyOperation): string {
  if (h.allocatedMb !== null && h.heapDeltaMb === null)
    return `- \`${h.name}\` (${h.location ?? 'unknown location'}): allocates ${mb(h.allocatedMb)} per profiled invocation that ran it (${counted(h.count, 'heap profile')})`;
  return `- ${h.name}: ${heapChange(h)} on average${gcPart(h)} (${h.count} sampled)`;
}

/** `## Hot Functions`: where CPU time goes in the sampled profiles. */
export function hotFunctionsSection(hot: HotFunctionsSection): string[] {
  return [
    '## Hot Functions',
    '',
    `Sampled CPU profiles of ${hot.profiles} invocation${hot.profiles === 1 ? '' : 's'} (${ms(hot.avgSampledMs)} sampled on average; profiling added ${ms(hot.avgOverheadMs)} to each).`,
    '',
    table(
      ['Function', 'Location', 'Avg self', 'Avg total', '% of CPU', 'Profiles'],
      hot.functions.map((f) => [
        `\`${f.name}\``,
        f.package === '(app)' || f.package.startsWith('(') ? f.location : `${f.location} (${f.package})`,
        ms(f.avgSelfMs),
        ms(f.avgTotalMs),
        pct(f.selfPct),
        String(f.profiles),
      ]),
    ),
    '',
  ];
}
