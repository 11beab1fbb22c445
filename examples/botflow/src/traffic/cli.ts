import { Command } from 'commander';
import { DEFAULT_DIRECTORY } from '../local/directory.js';
import { readSession, targetFromEnv } from '../local/session.js';
import { PLATFORMS, type Platform } from '../model.js';
import { buildTraffic } from './scenarios.js';
import { sendTraffic, summarize } from './send.js';

/**
 * `botflow-traffic`: signed webhook traffic for all four platforms. Against the local stand-ins it
 * reads the session file of `botflow-standins`; against a deployed function (`--url https://…`) it
 * signs with the keys in the environment.
 */
const program = new Command('botflow-traffic')
  .description('Send signed Slack, Discord, Teams and Telegram webhook requests to the bot.')
  .requiredOption('--url <url>', 'the function URL (run --serve prints it)')
  .option('--session <file>', 'session file written by botflow-standins', '.lambda-profiler/botflow-session.json')
  .option('--no-session', 'sign with keys from the environment (deployed function)')
  .option('--count <n>', 'requests to send (spread evenly over the platforms)', '120')
  .option('--concurrency <n>', 'requests in flight', '4')
  .option('--seed <n>', 'seed of the scenario mix', '1')
  .option('--platforms <list>', 'comma-separated platforms', PLATFORMS.join(','))
  .option('--no-ramp-up', 'start all senders at once (by default the n-th starts after n answers)')
  .action(
    async (options: {
      url: string;
      session: string | false;
      count: string;
      concurrency: string;
      seed: string;
      platforms: string;
      rampUp: boolean;
    }) => {
      const count = Number(options.count);
      if (!Number.isInteger(count) || count < 1)
        throw new Error(`--count: expected a positive integer, got ${options.count}`);
      const platforms = options.platforms.split(',').map((p) => p.trim()) as Platform[];
      for (const platform of platforms) {
        if (!PLATFORMS.includes(platform)) throw new Error(`--platforms: unknown platform ${platform}`);
      }
      const target =
        options.session === false
          ? targetFromEnv(process.env, DEFAULT_DIRECTORY)
          : (await readSession(options.session)).target;
      const requests = await buildTraffic(target, { count, seed: Number(options.seed), platforms });
      const step = Math.max(1, Math.floor(count / 10));
      const results = await sendTraffic(requests, {
        url: options.url,
        concurrency: Number(options.concurrency),
        rampUp: options.rampUp,
        onResult: (_result, done, total) => {
          if (done % step === 0 || done === total) console.log(`sent ${done}/${total}`);
        },
      });
      console.log(summarize(results));
      const unexpected = results.filter((r) => !r.ok).length;
      if (unexpected > 0) {
        console.log(`${unexpected} of ${results.length} answers were not what a healthy bot answers`);
        process.exitCode = 1;
      }
    },
  );

program.parseAsync().catch((error: unknown) => {
  console.error(`botflow-traffic: ${(error as Error).message}`);
  process.exit(1);
});
