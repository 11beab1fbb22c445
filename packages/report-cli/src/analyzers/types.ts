import type { Invocation } from '../model/types.js';
import type { Claim } from './findings.js';

/**
 * An analysis: a pure fold over invocations with a stable id. `add` sees each invocation once (with
 * the savings claims found on it); `finish` returns the analysis' result. No I/O, no text.
 */
export interface Analyzer<R> {
  readonly id: string;
  add(inv: Invocation, claims: readonly Claim[]): void;
  finish(): R;
}
