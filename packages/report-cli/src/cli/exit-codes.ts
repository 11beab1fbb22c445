/** Exit codes of every command (DESIGN.md). */
export const EXIT = {
  ok: 0,
  /** Runtime or input error. */
  error: 1,
  /** Usage error: unknown command or flag, bad flag value. */
  usage: 2,
  /** A gate failed: `compare` found a regression, `check` found tracing off. */
  gate: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
