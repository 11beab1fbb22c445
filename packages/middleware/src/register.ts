/**
 * `@lambda-profiler/middleware/register`: load it before anything else to time every module the
 * function imports.
 *
 *   NODE_OPTIONS="--import @lambda-profiler/middleware/register"    (ESM and CJS handlers)
 *   NODE_OPTIONS="--require @lambda-profiler/middleware/register"   (CJS only: ESM is not timed)
 *
 * The table lives on `globalThis` (Symbol.for key), so the middleware reads it from any copy.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { installImportTimers } from './register/install.js';

function ownPackageDir(): string {
  // dist/register.{js,cjs} → the package folder; its files are never timed.
  const here = typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url);
  return path.dirname(path.dirname(here));
}

installImportTimers(ownPackageDir);
