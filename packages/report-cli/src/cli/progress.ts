import type { CliIo } from './types.js';

/** A status message (what is being done, how far along). */
export type Progress = (message: string) => void;

/**
 * Progress on a TTY: one status line on stderr, rewritten in place at most every 100 ms.
 * Off a TTY (CI logs, tests) it stays silent, so stderr holds only real messages.
 */
export function createProgress(io: CliIo): { update: Progress; done: () => void } {
  if (!io.isTTY) return { update: () => {}, done: () => {} };
  let last = 0;
  let shown = false;
  return {
    update(message) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      shown = true;
      io.stderr(`\r\u001b[2K${message.slice(0, (process.stderr.columns || 100) - 1)}`);
    },
    /** Clears the status line (before other output, or at the end); the next update draws it again. */
    done() {
      if (shown) io.stderr('\r\u001b[2K');
      shown = false;
    },
  };
}
