import type { Command } from 'commander';
import { CliError } from '../cli/errors.js';
import { EXIT } from '../cli/exit-codes.js';
import type { CliIo } from '../cli/types.js';

/**
 * `lambda-profiler check <serverless.yml | template.yaml | function-config.json> [--json]`:
 * exit code 3 when tracing is not Active for some function.
 */
export function registerCheck(program: Command, io: CliIo): void {
  program
    .command('check')
    .description('check a serverless.yml, SAM/CloudFormation template or function configuration for X-Ray tracing')
    .argument('<file>', 'serverless.yml, template.yaml (SAM or CloudFormation), or get-function-configuration JSON')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      const { checkConfigFile } = await import('../check/read-config.js');
      const { renderCheck, tracingNotActive } = await import('../check/render-check.js');
      const result = await checkConfigFile(file);
      io.stdout(options.json ? `${JSON.stringify(result, null, 2)}\n` : renderCheck(result));
      const off = tracingNotActive(result);
      if (off.length > 0) {
        const first = off[0]!;
        const at = first.tracing.field
          ? ` (${first.tracing.line ? `${file}:${first.tracing.line} ` : ''}${first.tracing.field} = ${first.tracing.raw})`
          : ' (not set)';
        throw new CliError(
          `tracing is not Active for ${off.length} of ${result.functions.length} function(s): ${first.name}${at}`,
          { exitCode: EXIT.gate },
        );
      }
    });
}
