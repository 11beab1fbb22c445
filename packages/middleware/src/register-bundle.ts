/**
 * `dist/register.bundle.cjs` (and `.js`, ESM): the register entry as ONE self-contained file, for
 * bundled functions that ship no `node_modules`. Copy it next to the bundle and preload it:
 *
 *   NODE_OPTIONS="--require ./lambda-profiler-register.cjs"
 *
 * Unlike the package's `register`, it lives among the function's own files, so only this file itself
 * is left untimed (not its folder).
 */
import { fileURLToPath } from 'node:url';
import { globalState } from './recording/global-state.js';
import { installCjsTimer } from './register/cjs.js';
import { installEsmTimer } from './register/esm.js';
import { namer } from './register/table.js';

function install(): void {
  try {
    const self = typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url);
    const name = namer(self);
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
