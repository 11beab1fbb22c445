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
import { installImportTimers } from './register/install.js';

installImportTimers(() => (typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url)));
