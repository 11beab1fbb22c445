import { Command, CommanderError } from 'commander';
import { commands } from '../commands/index.js';
import { CLI_VERSION } from '../version.js';
import { CliError, formatError } from './errors.js';
import { EXIT } from './exit-codes.js';
import type { CliIo } from './types.js';

export type { CliIo, CommandRegistrar } from './types.js';

export function createProgram(io: CliIo): Command {
  const program = new Command('lambda-profiler')
    .description('Find out why an AWS Lambda function is slow, and what to fix first.')
    .version(CLI_VERSION, '-v, --version')
    .option('--debug', 'print stack traces of errors')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (s) => io.stdout(s),
      writeErr: (s) => io.stderr(s),
    })
    .exitOverride();
  for (const register of commands) register(program, io);
  return program;
}

/**
 * Runs the CLI and resolves to its exit code. Never throws: every error becomes one line on
 * stderr (a stack trace only with `--debug`) and an exit code from DESIGN.md.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = createProgram(io);
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help / --version end through exitOverride with code 0.
      if (error.exitCode === 0) return EXIT.ok;
      return EXIT.usage;
    }
    io.stderr(`lambda-profiler: ${formatError(error)}\n`);
    if (debug && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    return error instanceof CliError ? error.exitCode : EXIT.error;
  }
}
