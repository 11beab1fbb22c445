import { installRedaction } from '../redaction/install.js';
import { defaultRedaction } from '../redaction/rules.js';
import { mergeHosts } from './host-map.js';
import { installHttpInsight } from './http-insight.js';
import { dependencyState } from './state.js';

/**
 * The seam between `profiler()` and dependency insight (`instrumentAWSClient`, the HTTP insight via
 * diagnostics_channel, and redaction of every document the process sends). `profiler()` calls
 * `setupDependencyInsight` once per profiler instance; the call must be idempotent and cheap.
 */

export interface RedactionOptions {
  /** Extra patterns whose matches are masked wherever they appear. */
  patterns?: RegExp[];
  /** Path segments or values that look secret but are known not to be (allow-list). */
  allow?: (string | RegExp)[];
}

export interface DependencyOptions {
  /** Host → service name (`'api.telegram.org': 'Telegram Bot API'`), extends the built-in map. */
  hosts?: Record<string, string>;
  /** Record outbound HTTP requests (fetch/undici and node:http(s)). Default true. */
  http?: boolean;
  /** Redaction of URLs and secret shapes in every document sent; `false` turns it off. Default on. */
  redact?: RedactionOptions | false;
}

/**
 * Installs dependency insight and redaction for the process. Idempotent and cheap: the patches and
 * channel subscriptions are installed once per process (shared by every copy of the package through
 * `globalThis`); later calls only merge their `hosts`, redaction patterns and allow-list, and apply
 * their `http` / `redact` switches.
 */
export function setupDependencyInsight(options: DependencyOptions): void {
  const state = dependencyState(defaultRedaction);
  mergeHosts(state.hosts, options.hosts);
  installRedaction(options.redact);
  state.httpEnabled = options.http !== false;
  if (state.httpEnabled && !state.httpInstalled) {
    state.httpInstalled = true;
    installHttpInsight(state);
  }
}
