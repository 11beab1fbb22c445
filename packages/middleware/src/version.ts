// Replaced at build time by tsup and vitest (`define`), so reading it costs nothing at import.
declare const __PROFILER_VERSION__: string;

/** The middleware's version, written as the `ProfilerVersion` annotation. */
export const PROFILER_VERSION: string = __PROFILER_VERSION__;
