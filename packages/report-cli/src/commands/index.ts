import type { CommandRegistrar } from '../cli/types.js';
import { registerCheck } from './check.js';
import { registerCollect } from './collect.js';
import { registerCompare } from './compare.js';
import { registerGenerate } from './generate.js';
import { registerRun } from './run.js';

/**
 * Every command of the CLI, in the order `--help` lists them. Heavy work inside a command is
 * imported lazily from its action, so `--help` stays fast.
 */
export const commands: CommandRegistrar[] = [
  registerGenerate,
  registerRun,
  registerCollect,
  registerCompare,
  registerCheck,
];
