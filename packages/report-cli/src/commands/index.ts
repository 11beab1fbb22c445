import { registerGenerateFromAwsOnly } from '../aws/from-aws-command.js';
import type { CommandRegistrar } from '../cli/types.js';
import { registerCheck } from './check.js';
import { registerCompare } from './compare.js';

/**
 * Every command of the CLI, in the order `--help` lists them. Heavy work inside a command is
 * imported lazily from its action, so `--help` stays fast.
 */
export const commands: CommandRegistrar[] = [registerGenerateFromAwsOnly, registerCompare, registerCheck];
