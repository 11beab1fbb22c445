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
import { globalState } from './recording/global-state.js';
import { installCjsTimer } from './register/cjs.js';
import { installEsmTimer } from './register/esm.js';
import { namer } from './register/table.js';

function ownPackageDir(): string {
  // dist/register.{js,cjs} → the package folder; its files are never timed.
  const here = typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url);
  return path.dirname(path.dirname(here));
}

function install(): void {
  try {
    const name = namer(ownPackageDir());
    const now = () => performance.now();
    const cjs = installCjsTimer(name, now);
    const esm = process.env.LAMBDA_PROFILER_REGISTER_ESM === 'false' ? false : installEsmTimer(name, now);
    if (cjs || esm) globalState().registerActive = true;
  } catch (error) {
    // Never stop the function from starting.
    console.warn(`[lambda-profiler] register failed, imports are not timed: ${(error as Error).message}`);
  }
}

install();
