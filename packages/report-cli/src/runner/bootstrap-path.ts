import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * dist/runtime-bootstrap.js. The built CLI and library entries (ESM and CJS) all sit next to it in
 * dist/, so it is found relative to the running module.
 */
export function defaultBootstrapPath(): string {
  const here = typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url));
  return join(here, 'runtime-bootstrap.js');
}
