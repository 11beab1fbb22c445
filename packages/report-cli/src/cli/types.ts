import type { Command } from 'commander';

/** Output streams, injected so tests can run the CLI in-process. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal (progress display); false in tests and CI logs. */
  isTTY?: boolean;
}

/** A command module adds its command to the program; `commands/index.ts` lists them all. */
export type CommandRegistrar = (program: Command, io: CliIo) => void;
