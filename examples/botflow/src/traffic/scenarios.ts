import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { type Directory, type DirectoryTeam, type DirectoryUser, THROTTLED_USERS } from '../local/directory.js';
import { createRandom, type Random } from '../local/random.js';
import type { LocalSecrets } from '../local/secrets.js';
import { personName, question, standupAnswer, textBank } from '../local/text.js';
import { PLATFORMS, type Platform } from '../model.js';
import { type MessageSpec, type WebhookBody, webhookBody } from './payloads.js';
import { signDiscord, signSlack, signTeams, signTelegram } from './signers.js';

export const SCENARIOS = [
  'first-time-user',
  'returning-user',
  'complex-command',
  'simple-greeting',
  'handshake',
  'error-bad-signature',
  'error-malformed-payload',
  'error-downstream-5xx',
  'error-downstream-timeout',
  'error-dynamodb-throttle',
] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** The 30 requests of one platform in the default mix, shuffled per run. */
const MIX: [Scenario, number][] = [
  ['first-time-user', 5],
  ['returning-user', 8],
  ['complex-command', 6],
  ['simple-greeting', 4],
  ['handshake', 1],
  ['error-bad-signature', 2],
  ['error-malformed-payload', 1],
  ['error-downstream-5xx', 1],
  ['error-downstream-timeout', 1],
  ['error-dynamodb-throttle', 1],
];

export const SCENARIO_HEADER = 'x-botflow-scenario';

export interface TrafficRequest {
  platform: Platform;
  scenario: Scenario;
  /** What the request exercises (`greeting`, `checkin`, `ask`, …), for the summary. */
  label: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  /** Status codes a healthy bot answers with. */
  expect: number[];
}

/** What the generator needs to sign like each platform does. */
export interface TrafficTarget {
  secrets: Pick<LocalSecrets, 'slack' | 'discord' | 'teams' | 'telegram'>;
  /** Teams: the connector base URL to put in activities (and in the token's `serviceurl` claim). */
  teamsServiceUrl: string;
  directory: Directory;
  /** Users with a conversation state (returning users). */
  returning: DirectoryUser[];
}

export interface TrafficOptions {
  count: number;
  seed: number;
  platforms?: readonly Platform[];
}

function newUserId(random: Random, platform: Platform): string {
  switch (platform) {
    case 'slack':
      return `U0${random.hex(9).toUpperCase()}`;
    case 'discord':
      return String(BigInt(`0x${random.hex(14)}`) + 100000000000000000n);
    case 'teams':
      return `29:1${Buffer.from(random.hex(30), 'hex').toString('base64url')}`;
    case 'telegram':
      return String(random.int(100_000_000, 7_999_999_999));
  }
}

export function specFor(
  target: TrafficTarget,
  team: DirectoryTeam,
  user: { userId: string; name: string; username: string },
  text: string,
): MessageSpec {
  const channel = team.channels[0];
  return {
    platform: team.platform,
    teamId: team.teamId,
    tenantId: team.tenantId,
    channelId: channel?.channelId ?? team.teamId,
    userId: user.userId,
    userName: user.name,
    username: user.username,
    text,
    serviceUrl: target.teamsServiceUrl,
    botAppId: target.secrets.teams.appId,
    applicationId: target.secrets.discord.applicationId,
  };
}

/** Headers that authenticate `body` as `platform` sends it (or forged ones, for the error scenarios). */
export async function signWebhook(
  target: TrafficTarget,
  platform: Platform,
  body: string,
  forged = false,
): Promise<Record<string, string>> {
  const { secrets } = target;
  switch (platform) {
    case 'slack':
      return signSlack(forged ? randomBytes(16).toString('hex') : secrets.slack.signingSecret, body);
    case 'discord':
      return signDiscord(forged ? generateKeyPairSync('ed25519').privateKey : secrets.discord.privateKey, body);
    case 'teams':
      return signTeams({
        privateKey: forged ? generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey : secrets.teams.privateKey,
        kid: forged ? 'unknown-key' : secrets.teams.kid,
        appId: secrets.teams.appId,
        serviceUrl: target.teamsServiceUrl,
      });
    case 'telegram':
      return signTelegram(forged ? randomBytes(16).toString('hex') : secrets.telegram.secretToken);
  }
}

/** Handshakes every platform sends: Slack url_verification, Discord PING, Teams conversationUpdate, a Telegram edit. */
function handshake(platform: Platform, spec: MessageSpec): WebhookBody {
  switch (platform) {
    case 'slack':
      return {
        path: '/slack/events',
        contentType: 'application/json',
        body: JSON.stringify({
          token: 'gIkuvaNzQIHg97ATvDxqgjtO',
          challenge: randomBytes(24).toString('base64url'),
          type: 'url_verification',
        }),
      };
    case 'discord':
      return {
        path: '/discord/interactions',
        contentType: 'application/json',
        body: JSON.stringify({
          application_id: spec.applicationId,
          id: String(Date.now()),
          token: randomBytes(40).toString('base64url'),
          type: 1,
          version: 1,
        }),
      };
    case 'teams': {
      const activity = JSON.parse(webhookBody(spec).body) as Record<string, unknown>;
      activity.type = 'conversationUpdate';
      activity.membersAdded = [{ id: `28:${spec.botAppId}` }];
      delete activity.text;
      return { path: '/teams/messages', contentType: 'application/json', body: JSON.stringify(activity) };
    }
    case 'telegram':
      return {
        path: '/telegram/webhook',
        contentType: 'application/json',
        body: JSON.stringify({
          update_id: Date.now() % 1e9,
          edited_message: {
            message_id: 1,
            chat: { id: Number(spec.channelId), type: 'supergroup' },
            date: 0,
            text: 'edited',
          },
        }),
      };
  }
}

function malformed(platform: Platform, valid: WebhookBody): WebhookBody {
  switch (platform) {
    case 'slack':
      return {
        ...valid,
        path: '/slack/events',
        contentType: 'application/json',
        body: '{"type":"event_callback","event":{"type":"message","text":"hi"',
      };
    case 'discord':
      return { ...valid, body: JSON.stringify({ type: 2, id: '1', data: { name: 'standup' } }) };
    case 'teams':
      return {
        ...valid,
        body: JSON.stringify({
          type: 'message',
          serviceUrl: (JSON.parse(valid.body) as { serviceUrl: string }).serviceUrl,
          text: 'hi',
        }),
      };
    case 'telegram':
      return { ...valid, body: JSON.stringify({ message: { text: 'hi' } }) };
  }
}

/** One request of a scenario on a platform, signed as that platform signs (or forged, for the errors). */
async function build(
  target: TrafficTarget,
  platform: Platform,
  scenario: Scenario,
  random: Random,
): Promise<TrafficRequest> {
  const teams = target.directory.forPlatform(platform);
  const team = random.pick(teams);
  const returning = target.returning.filter((user) => user.platform === platform);
  const known = returning.length > 0 ? random.pick(returning) : undefined;
  const fresh = () => {
    const { first, last } = personName(random);
    return {
      userId: newUserId(random, platform),
      name: `${first} ${last}`,
      username: `${first}.${last}`.toLowerCase(),
    };
  };
  const returningTeam = known === undefined ? team : (teams.find((t) => t.teamId === known.teamId) ?? team);
  let label = 'greeting';
  let body: WebhookBody;
  let forged = false;
  let expect = [200, 202];
  switch (scenario) {
    case 'first-time-user': {
      const kind = random.pick(['greeting', 'greeting', 'greeting', 'checkin', 'ask'] as const);
      label = kind;
      const text =
        kind === 'greeting'
          ? random.pick(textBank.GREETINGS)
          : kind === 'checkin'
            ? '/standup'
            : `/ask ${question(random)}`;
      body = webhookBody(specFor(target, team, fresh(), text));
      break;
    }
    case 'returning-user': {
      const kind = random.pick([
        'checkin',
        'checkin',
        'checkin-answers',
        'checkin-answers',
        'help',
        'help',
        'export',
        'unknown',
      ] as const);
      label = kind.startsWith('checkin') ? 'checkin' : kind;
      const text =
        kind === 'checkin'
          ? '/standup'
          : kind === 'checkin-answers'
            ? `/standup ${standupAnswer(random)}`
            : kind === 'help'
              ? '/help'
              : kind === 'export'
                ? '/export'
                : 'lunch?';
      body = webhookBody(specFor(target, returningTeam, known ?? fresh(), text));
      break;
    }
    case 'complex-command':
      label = 'ask';
      body = webhookBody(specFor(target, returningTeam, known ?? fresh(), `/ask ${question(random)}`));
      break;
    case 'simple-greeting':
      body = webhookBody(specFor(target, returningTeam, known ?? fresh(), random.pick(textBank.GREETINGS)));
      break;
    case 'handshake':
      label = 'handshake';
      body = handshake(platform, specFor(target, team, fresh(), 'hi'));
      break;
    case 'error-bad-signature':
      label = 'rejected';
      forged = true;
      expect = platform === 'telegram' ? [403] : [401];
      body = webhookBody(specFor(target, team, fresh(), '/help'));
      break;
    case 'error-malformed-payload':
      label = 'rejected';
      expect = [400];
      body = malformed(platform, webhookBody(specFor(target, team, fresh(), 'hi')));
      break;
    case 'error-downstream-5xx':
    case 'error-downstream-timeout':
      // A fresh user each time: the fault marker must not end up in a returning user's context.
      label = 'ask';
      body = webhookBody(
        specFor(
          target,
          team,
          fresh(),
          `/ask ${question(random)} ${scenario === 'error-downstream-5xx' ? '#fault:5xx' : '#fault:timeout'}`,
        ),
      );
      break;
    case 'error-dynamodb-throttle': {
      label = 'throttled';
      expect = [500, 502];
      const hot = { userId: THROTTLED_USERS[platform], name: 'Hot Partition', username: 'hot.partition' };
      body = webhookBody(specFor(target, team, hot, '/help'));
      break;
    }
  }
  const headers = {
    'content-type': body.contentType,
    [SCENARIO_HEADER]: scenario,
    ...(await signWebhook(target, platform, body.body, forged)),
  };
  return { platform, scenario, label, path: body.path, headers, body: body.body, expect };
}

/** `count` requests, spread evenly over the platforms, each platform's share in the default mix. */
export async function buildTraffic(target: TrafficTarget, options: TrafficOptions): Promise<TrafficRequest[]> {
  const random = createRandom(options.seed);
  const platforms = options.platforms ?? PLATFORMS;
  const plan: Scenario[] = MIX.flatMap(([scenario, n]) => Array.from({ length: n }, () => scenario));
  const perPlatform = new Map<Platform, Scenario[]>();
  for (const platform of platforms) {
    const shuffled = [...plan];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = random.int(0, i);
      [shuffled[i], shuffled[j]] = [shuffled[j] as Scenario, shuffled[i] as Scenario];
    }
    perPlatform.set(platform, shuffled);
  }
  const requests: TrafficRequest[] = [];
  for (let i = 0; i < options.count; i++) {
    const platform = platforms[i % platforms.length] as Platform;
    const scenarios = perPlatform.get(platform) ?? plan;
    const round = Math.floor(i / platforms.length);
    requests.push(await build(target, platform, scenarios[round % scenarios.length] as Scenario, random));
  }
  return requests;
}
