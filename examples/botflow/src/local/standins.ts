import { dailybotApiRoutes, dailybotServerError } from './apis/dailybot-api.js';
import { discordApiRoutes, discordServerError } from './apis/discord-api.js';
import { openaiApiRoutes, openaiServerError } from './apis/openai-api.js';
import { slackApiRoutes, slackServerError } from './apis/slack-api.js';
import { teamsApiRoutes, teamsServerError } from './apis/teams-api.js';
import { telegramApiRoutes, telegramServerError } from './apis/telegram-api.js';
import {
  createDirectory,
  DEFAULT_DIRECTORY,
  type Directory,
  type DirectoryOptions,
  type DirectoryUser,
  THROTTLED_USERS,
} from './directory.js';
import { type RunningDynamo, startDynamo } from './dynamodb.js';
import { startDynamoThread } from './dynamodb-thread.js';
import {
  type CallRecord,
  type NetworkProfile,
  type Route,
  type RunningStandin,
  type StandinReply,
  startHttpsStandin,
} from './https-standin.js';
import { createLocalSecrets, type LocalSecrets } from './secrets.js';
import { buildSeedItems, DEFAULT_SEED, returningUsers, type SeedOptions } from './seed.js';
import { createLocalTls, type LocalTls } from './tls.js';

export const SERVICES = ['slack', 'discord', 'teams', 'telegram', 'dailybot', 'openai'] as const;
export type ServiceName = (typeof SERVICES)[number];

/**
 * One loopback address per stand-in: X-Ray names a remote call by its host alone, so distinct
 * addresses keep the services apart in traces. The names are the ones the middleware knows for the
 * real hosts, so local and production reports read the same.
 */
export const SERVICE_HOSTS: Record<ServiceName, { host: string; name: string }> = {
  slack: { host: '127.0.0.2', name: 'Slack API' },
  discord: { host: '127.0.0.3', name: 'Discord API' },
  teams: { host: '127.0.0.4', name: 'Microsoft Teams / Bot Framework' },
  telegram: { host: '127.0.0.5', name: 'Telegram Bot API' },
  dailybot: { host: '127.0.0.6', name: 'DailyBot API' },
  openai: { host: '127.0.0.7', name: 'OpenAI API' },
};
export const DYNAMODB_HOST = '127.0.0.8';

/** Server-side latency per service (median ms, lognormal sigma), in the range the real APIs answer in. */
export const DEFAULT_LATENCY: Record<ServiceName, { medianMs: number; sigma: number }> = {
  slack: { medianMs: 80, sigma: 0.45 },
  discord: { medianMs: 60, sigma: 0.4 },
  teams: { medianMs: 110, sigma: 0.5 },
  telegram: { medianMs: 70, sigma: 0.4 },
  dailybot: { medianMs: 90, sigma: 0.5 },
  openai: { medianMs: 650, sigma: 0.35 },
};

export interface StandinsOptions {
  /** Folder for the CA file. */
  dir: string;
  seed?: number;
  directory?: DirectoryOptions;
  seedData?: SeedOptions;
  /** Round trip per connection, default 20–40 ms. */
  rttMs?: [number, number];
  /** Multiplies every service's server-side latency (0 for fast tests). */
  latencyScale?: number;
  errorRate?: number;
  /** How long a `#fault:timeout` request hangs. */
  hangMs?: number;
  dynamo?: { medianMs?: number; sigma?: number; throttleRate?: number };
  tables?: { states: string; channels: string; index: string };
}

export interface Standins {
  /** Environment for the function: endpoints, credentials, the CA. */
  env: Record<string, string>;
  /** Host → service name, for the profiler's `hosts` option. */
  hosts: Record<string, string>;
  secrets: LocalSecrets;
  directory: Directory;
  returning: DirectoryUser[];
  urls: Record<ServiceName, string>;
  tls: LocalTls;
  services: RunningStandin[];
  dynamo: RunningDynamo;
  calls(): CallRecord[];
  stop(): Promise<void>;
}

function routesFor(
  service: ServiceName,
  secrets: LocalSecrets,
  seed: number,
): { routes: Route[]; error: () => StandinReply } {
  switch (service) {
    case 'slack':
      return { routes: slackApiRoutes(secrets.slack.botToken), error: slackServerError };
    case 'discord':
      return { routes: discordApiRoutes(secrets.discord.applicationId), error: discordServerError };
    case 'teams':
      return { routes: teamsApiRoutes(secrets.teams), error: teamsServerError };
    case 'telegram':
      return { routes: telegramApiRoutes(secrets.telegram.botToken), error: telegramServerError };
    case 'dailybot':
      return { routes: dailybotApiRoutes(secrets.dailybot.apiKey), error: dailybotServerError };
    case 'openai':
      return { routes: openaiApiRoutes(secrets.openai.apiKey, seed), error: openaiServerError };
  }
}

/** Starts every stand-in, creates and seeds the tables, and returns the function's environment. */
export async function startStandins(options: StandinsOptions): Promise<Standins> {
  const seed = options.seed ?? 8;
  const tables = options.tables ?? {
    states: 'botflow-states',
    channels: 'botflow-channels',
    index: 'platform-team-index',
  };
  const secrets = await createLocalSecrets();
  const tls = await createLocalTls(
    [...Object.values(SERVICE_HOSTS).map((s) => s.host), DYNAMODB_HOST, '127.0.0.1'],
    options.dir,
  );
  const scale = options.latencyScale ?? 1;
  const started: RunningStandin[] = [];
  let dynamo: RunningDynamo | undefined;
  try {
    for (const [index, service] of SERVICES.entries()) {
      const { routes, error } = routesFor(service, secrets, seed + index);
      const profile: NetworkProfile = {
        rttMs: options.rttMs ?? [20, 40],
        medianMs: DEFAULT_LATENCY[service].medianMs * scale,
        sigma: DEFAULT_LATENCY[service].sigma,
        errorRate: options.errorRate ?? 0,
      };
      started.push(
        await startHttpsStandin({
          name: service,
          host: SERVICE_HOSTS[service].host,
          key: tls.key,
          cert: tls.cert,
          routes,
          profile,
          seed: seed * 100 + index,
          serverError: error,
          hangMs: options.hangMs ?? 10_000,
        }),
      );
    }
    const dynamoOptions = {
      host: DYNAMODB_HOST,
      statesTable: tables.states,
      channelsTable: tables.channels,
      channelsIndex: tables.index,
      medianMs: options.dynamo?.medianMs ?? 4,
      sigma: options.dynamo?.sigma ?? 0.35,
      throttleKeys: Object.values(THROTTLED_USERS),
      throttleRate: options.dynamo?.throttleRate ?? 0,
      seed,
    };
    const directoryOptions = options.directory ?? { ...DEFAULT_DIRECTORY, seed };
    const seedData = options.seedData ?? DEFAULT_SEED;
    const directory = createDirectory(directoryOptions);
    dynamo = await startDynamoThread(dynamoOptions, { directory: directoryOptions, seedData });
    if (dynamo === undefined) {
      dynamo = await startDynamo(dynamoOptions);
      await dynamo.seed(buildSeedItems(directory, seedData));
    }
    const returning = returningUsers(directory, seedData);

    const urls = Object.fromEntries(started.map((s) => [s.name, s.url])) as Record<ServiceName, string>;
    const hosts = Object.fromEntries(SERVICES.map((s) => [SERVICE_HOSTS[s].host, SERVICE_HOSTS[s].name]));
    const env: Record<string, string> = {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIALOCALSTANDIN0000',
      AWS_SECRET_ACCESS_KEY: 'local-standin-secret-key-not-a-real-one',
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      STATES_TABLE: tables.states,
      CHANNELS_TABLE: tables.channels,
      CHANNELS_BY_TEAM_INDEX: tables.index,
      SLACK_SIGNING_SECRET: secrets.slack.signingSecret,
      SLACK_BOT_TOKEN: secrets.slack.botToken,
      SLACK_API_URL: `${urls.slack}/api`,
      DISCORD_PUBLIC_KEY: secrets.discord.publicKeyHex,
      DISCORD_APPLICATION_ID: secrets.discord.applicationId,
      DISCORD_API_URL: `${urls.discord}/api/v10`,
      TEAMS_APP_ID: secrets.teams.appId,
      TEAMS_APP_PASSWORD: secrets.teams.appPassword,
      TEAMS_JWKS_URL: `${urls.teams}/v1/.well-known/keys`,
      TEAMS_TOKEN_URL: `${urls.teams}/botframework.com/oauth2/v2.0/token`,
      TELEGRAM_BOT_TOKEN: secrets.telegram.botToken,
      TELEGRAM_SECRET_TOKEN: secrets.telegram.secretToken,
      TELEGRAM_API_URL: urls.telegram,
      DAILYBOT_API_KEY: secrets.dailybot.apiKey,
      DAILYBOT_API_URL: urls.dailybot,
      OPENAI_API_KEY: secrets.openai.apiKey,
      OPENAI_API_URL: `${urls.openai}/v1`,
      BOTFLOW_SERVICE_HOSTS: JSON.stringify(hosts),
      NODE_EXTRA_CA_CERTS: tls.caFile,
    };
    const running = dynamo;
    return {
      env,
      hosts,
      secrets,
      directory,
      returning,
      urls,
      tls,
      services: started,
      dynamo: running,
      calls: () => started.flatMap((s) => s.calls).sort((a, b) => a.at - b.at),
      async stop() {
        await Promise.all([...started.map((s) => s.stop()), running.stop()]);
      },
    };
  } catch (error) {
    await Promise.allSettled([...started.map((s) => s.stop()), dynamo?.stop()]);
    throw error;
  }
}
