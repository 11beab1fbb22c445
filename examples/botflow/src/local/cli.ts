import { Command } from 'commander';
import { DEFAULT_DIRECTORY } from './directory.js';
import { writeSession } from './session.js';
import { startStandins } from './standins.js';

/**
 * `botflow-standins`: starts the stand-ins and DynamoDB, writes the session file (environment + keys)
 * and runs until Ctrl-C. Serve the bot with the printed environment, send traffic with `botflow-traffic`.
 */
const program = new Command('botflow-standins')
  .description('Start the local Slack, Discord, Teams, Telegram, DailyBot, OpenAI and DynamoDB stand-ins.')
  .option(
    '--session <file>',
    'where to write the session (environment and signing keys)',
    '.lambda-profiler/botflow-session.json',
  )
  .option('--rtt <min-max>', 'round trip per new connection in ms', '20-40')
  .option('--error-rate <share>', 'share of API requests answered with a 5xx at random', '0')
  .option('--throttle-rate <share>', 'share of DynamoDB requests throttled at random', '0')
  .action(async (options: { session: string; rtt: string; errorRate: string; throttleRate: string }) => {
    const [min = 20, max = 40] = options.rtt.split('-').map(Number);
    const standins = await startStandins({
      dir: '.lambda-profiler',
      rttMs: [min, max],
      errorRate: Number(options.errorRate),
      dynamo: { throttleRate: Number(options.throttleRate) },
    });
    await writeSession(options.session, standins, DEFAULT_DIRECTORY);
    for (const service of standins.services) console.log(`${service.name.padEnd(9)} ${service.url}`);
    console.log(`dynamodb  ${standins.dynamo.endpoint}`);
    console.log(`session   ${options.session} (environment for the function and signing keys)`);
    console.log('ready; Ctrl-C stops');
    const stop = () => {
      void standins.stop().then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

program.parseAsync().catch((error: unknown) => {
  console.error(`botflow-standins: ${(error as Error).message}`);
  process.exit(1);
});
