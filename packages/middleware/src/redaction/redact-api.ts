import { dependencyState } from '../dependencies/state.js';
import { defaultRedaction, redactText, redactUrl } from './rules.js';

/**
 * Redacts a text with the process's rules (built-in shapes plus every `redact.patterns` given to a
 * profiler, minus the allow-list): for documents this package does not see leave the process, e.g.
 * a payload sent to a third-party log service.
 */
export function redact(text: string): string {
  return redactText(text, dependencyState(defaultRedaction).redaction);
}

/** Redacts one URL with the process's rules: query and fragment dropped, secret path parts masked. */
export function redactURL(url: string): string {
  return redactUrl(url, dependencyState(defaultRedaction).redaction);
}
