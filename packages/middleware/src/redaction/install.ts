import type { RedactionOptions } from '../dependencies/setup.js';
import { dependencyState } from '../dependencies/state.js';
import { patchDgramSend } from './patch-dgram.js';
import { patchConsole, patchStdio } from './patch-stdio.js';
import { defaultRedaction, mergeRedaction } from './rules.js';

/**
 * Installs redaction where documents leave the process (once per process, whichever copy of the
 * package calls first) and folds `options` into the shared rules. The patches read the rules on
 * every send, so later calls (another profiler instance, `redact: false`) take effect at once.
 */
export function installRedaction(options?: RedactionOptions | false): void {
  const state = dependencyState(defaultRedaction);
  state.redaction = mergeRedaction(state.redaction, options);
  if (!state.redaction.enabled) return;
  const rules = () => state.redaction;
  // Each patch checks for its own wrapper first: cheap, and it re-wraps `console` methods the Lambda
  // runtime replaced after an early install (the `--import` preload runs before the runtime's).
  patchDgramSend(rules);
  patchStdio(rules);
  patchConsole(rules);
}
