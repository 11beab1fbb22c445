/**
 * Side-effect entry: installs redaction of every document the process sends (X-Ray datagrams,
 * stdout/stderr, console) as early as possible, before any module can send one:
 * `NODE_OPTIONS="--import @lambda-profiler/middleware/redact"` (or a first-line
 * `import '@lambda-profiler/middleware/redact'`). `profiler()` installs the same on its own; this
 * entry only moves the start earlier (init-time documents).
 */
import { installRedaction } from './redaction/install.js';

installRedaction();
