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

/** Installs dependency insight and redaction for the process. Filled in by the dependency-insight work. */
export function setupDependencyInsight(_options: DependencyOptions): void {
  // Intentionally empty until the HTTP insight and redaction land: profiler() already calls it.
}
