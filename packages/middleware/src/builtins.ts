/**
 * Node built-ins loaded on first use. A static `import … from 'node:x'` in the ESM build makes Node
 * build the module's ESM facade, which reads every export once: for `node:crypto` that loads WebCrypto,
 * for `node:util` `TextDecoder` → `worker_threads`, for `node:http` undici (≈ 35 ms). Together they cost
 * the import of this package ≈ 20 ms of CPU, against a ≤ 5 ms budget. `process.getBuiltinModule`
 * returns the CommonJS object (no facade, no getters run), synchronously in the ESM and CJS builds.
 */
export type Builtins = {
  'node:async_hooks': typeof import('node:async_hooks');
  'node:crypto': typeof import('node:crypto');
  'node:dgram': typeof import('node:dgram');
  'node:diagnostics_channel': typeof import('node:diagnostics_channel');
  'node:fs': typeof import('node:fs');
  'node:module': typeof import('node:module');
  'node:path': typeof import('node:path');
  'node:perf_hooks': typeof import('node:perf_hooks');
  'node:url': typeof import('node:url');
  'node:util': typeof import('node:util');
};

export function builtin<K extends keyof Builtins>(id: K): Builtins[K] {
  return process.getBuiltinModule(id) as Builtins[K];
}
