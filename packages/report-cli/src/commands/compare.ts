import type { Command } from 'commander';
import { CliError, UsageError } from '../cli/errors.js';
import { EXIT } from '../cli/exit-codes.js';
import type { CliIo } from '../cli/types.js';

function parsePercent(value: string): number {
  const n = Number(value.replace(/%$/, ''));
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) {
    throw new UsageError(`--fail-on-regression: expected a percent >= 0, got "${value}"`);
  }
  return n;
}

/**
 * `lambda-profiler compare <before.json> <after.json> [--fail-on-regression <percent>] [--out <file>]`:
 * exit code 3 when cold start, p90 or monthly cost grows by more than the given percent.
 */
export function registerCompare(program: Command, io: CliIo): void {
  program
    .command('compare')
    .description('compare two JSON reports: key figures side by side, and what each recommendation achieved')
    .argument('<before>', 'the first report (JSON)')
    .argument('<after>', 'the second report (JSON)')
    .option(
      '--fail-on-regression <percent>',
      'exit 3 when cold start (avg init), p90 or monthly cost grows by more than this percent',
    )
    .option('--out <file>', 'write the Markdown comparison to this file instead of stdout')
    .action(async (beforeFile: string, afterFile: string, options: { failOnRegression?: string; out?: string }) => {
      const threshold = options.failOnRegression === undefined ? undefined : parsePercent(options.failOnRegression);
      const { loadReport } = await import('../compare/load-report.js');
      const { compareReports, failedGates } = await import('../compare/compare-reports.js');
      const { renderComparisonMarkdown } = await import('../compare/render-comparison.js');
      const [before, after] = await Promise.all([loadReport(beforeFile), loadReport(afterFile)]);
      const comparison = compareReports(before, after, {
        beforeLabel: beforeFile,
        afterLabel: afterFile,
        ...(threshold === undefined ? {} : { failOnRegressionPct: threshold }),
      });
      const markdown = renderComparisonMarkdown(comparison);
      if (options.out) {
        const { mkdir, writeFile } = await import('node:fs/promises');
        const { dirname } = await import('node:path');
        await mkdir(dirname(options.out), { recursive: true });
        await writeFile(options.out, markdown);
        io.stderr(`Wrote ${options.out}\n`);
      } else {
        io.stdout(markdown);
      }
      const failed = failedGates(comparison);
      if (failed.length > 0) {
        const list = failed
          .map((g) => `${g.figure} ${g.deltaPct === null ? 'grew from 0' : `+${g.deltaPct.toFixed(1)} %`}`)
          .join(', ');
        throw new CliError(`regression above ${threshold} %: ${list}`, { exitCode: EXIT.gate });
      }
    });
}
