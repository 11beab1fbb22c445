import { globalState } from '../recording/global-state.js';
import { installCjsTimer } from './cjs.js';
import { installEsmTimer } from './esm.js';
import { namer } from './table.js';

/**
 * Starts import timing for the process (CJS always, ESM unless LAMBDA_PROFILER_REGISTER_ESM=false).
 * `ownPath` is what is never timed: the package folder, or the single bundled register file.
 * Never throws: a function must start even when timing cannot.
 */
export function installImportTimers(ownPath: () => string): void {
  try {
    const name = namer(ownPath());
    const now = () => performance.now();
    const cjs = installCjsTimer(name, now);
    const esm = process.env.LAMBDA_PROFILER_REGISTER_ESM === 'false' ? false : installEsmTimer(name, now);
    if (cjs || esm) globalState().registerActive = true;
  } catch (error) {
    console.warn(`[lambda-profiler] register failed, imports are not timed: ${(error as Error).message}`);
  }
}
