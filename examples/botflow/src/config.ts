import { type Fixes, parseFixes } from './fixes.js';

/**
 * Everything the bot reads from its environment, read once at init. Production keeps the real API
 * hostnames (the defaults); the local demo points each base URL at a stand-in.
 */
export interface BotConfig {
  statesTable: string;
  channelsTable: string;
  /** GSI of `channels` keyed by platform (hash) and teamId (range). */
  channelsByTeamIndex: string;
  region: string;
  /** Only for local stand-ins (dynalite); unset in production. */
  dynamodbEndpoint: string | undefined;
  slack: { signingSecret: string; botToken: string; apiUrl: string };
  discord: { publicKey: string; applicationId: string; apiUrl: string };
  teams: { appId: string; appPassword: string; jwksUrl: string; issuer: string; tokenUrl: string };
  telegram: { botToken: string; secretToken: string; apiUrl: string };
  dailybot: { apiKey: string; apiUrl: string };
  openai: { apiKey: string; apiUrl: string; model: string };
  /** Per-request timeout of outbound HTTP calls. */
  httpTimeoutMs: number;
  /** Host → service name for the profiler (private stand-in addresses); empty in production. */
  serviceHosts: Record<string, string>;
  fixes: Fixes;
}

type Env = Record<string, string | undefined>;

function trimSlash(url: string): string {
  return url.endsWith('/') ? url.slice(0, -1) : url;
}

function parseHosts(raw: string | undefined): Record<string, string> {
  if (raw === undefined || raw.trim() === '') return {};
  const parsed: unknown = JSON.parse(raw);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error('BOTFLOW_SERVICE_HOSTS: expected a JSON object of host → service name');
  }
  const hosts: Record<string, string> = {};
  for (const [host, name] of Object.entries(parsed)) {
    if (typeof name === 'string') hosts[host] = name;
  }
  return hosts;
}

export function loadConfig(env: Env): BotConfig {
  const get = (name: string, fallback = ''): string => env[name] ?? fallback;
  return {
    statesTable: get('STATES_TABLE', 'botflow-states'),
    channelsTable: get('CHANNELS_TABLE', 'botflow-channels'),
    channelsByTeamIndex: get('CHANNELS_BY_TEAM_INDEX', 'platform-team-index'),
    region: get('AWS_REGION', 'us-east-1'),
    dynamodbEndpoint: env.AWS_ENDPOINT_URL_DYNAMODB || undefined,
    slack: {
      signingSecret: get('SLACK_SIGNING_SECRET'),
      botToken: get('SLACK_BOT_TOKEN'),
      apiUrl: trimSlash(get('SLACK_API_URL', 'https://slack.com/api')),
    },
    discord: {
      publicKey: get('DISCORD_PUBLIC_KEY'),
      applicationId: get('DISCORD_APPLICATION_ID'),
      apiUrl: trimSlash(get('DISCORD_API_URL', 'https://discord.com/api/v10')),
    },
    teams: {
      appId: get('TEAMS_APP_ID'),
      appPassword: get('TEAMS_APP_PASSWORD'),
      jwksUrl: get('TEAMS_JWKS_URL', 'https://login.botframework.com/v1/.well-known/keys'),
      issuer: get('TEAMS_TOKEN_ISSUER', 'https://api.botframework.com'),
      tokenUrl: get('TEAMS_TOKEN_URL', 'https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token'),
    },
    telegram: {
      botToken: get('TELEGRAM_BOT_TOKEN'),
      secretToken: get('TELEGRAM_SECRET_TOKEN'),
      apiUrl: trimSlash(get('TELEGRAM_API_URL', 'https://api.telegram.org')),
    },
    dailybot: {
      apiKey: get('DAILYBOT_API_KEY'),
      apiUrl: trimSlash(get('DAILYBOT_API_URL', 'https://api.dailybot.com')),
    },
    openai: {
      apiKey: get('OPENAI_API_KEY'),
      apiUrl: trimSlash(get('OPENAI_API_URL', 'https://api.openai.com/v1')),
      model: get('OPENAI_MODEL', 'gpt-4o-mini'),
    },
    httpTimeoutMs: Number(get('BOTFLOW_HTTP_TIMEOUT_MS', '3000')),
    serviceHosts: parseHosts(env.BOTFLOW_SERVICE_HOSTS),
    fixes: parseFixes(env),
  };
}
