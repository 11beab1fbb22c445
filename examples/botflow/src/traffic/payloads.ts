import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { Platform } from '../model.js';

/** Who says what where: enough to build any platform's webhook body. */
export interface MessageSpec {
  platform: Platform;
  teamId: string;
  tenantId?: string;
  channelId: string;
  userId: string;
  userName: string;
  username: string;
  /** `/standup …`, `hi`, `/ask …`: a leading slash means a slash command where the platform has them. */
  text: string;
  /** Teams: where the bot must answer (the connector stand-in). */
  serviceUrl?: string;
  /** Teams: the bot's own app id (recipient). */
  botAppId?: string;
  /** Discord: the application id. */
  applicationId?: string;
}

export interface WebhookBody {
  path: string;
  contentType: string;
  body: string;
}

function slack(spec: MessageSpec): WebhookBody {
  const now = Date.now() / 1000;
  if (spec.text.startsWith('/')) {
    const [command = '/help', ...rest] = spec.text.split(' ');
    const form = new URLSearchParams({
      token: 'gIkuvaNzQIHg97ATvDxqgjtO',
      team_id: spec.teamId,
      team_domain: 'acme',
      channel_id: spec.channelId,
      channel_name: 'standup',
      user_id: spec.userId,
      user_name: spec.username,
      command,
      text: rest.join(' '),
      api_app_id: 'A05BOTFLOW',
      is_enterprise_install: 'false',
      response_url: `https://hooks.slack.com/commands/${spec.teamId}/${randomInt(1e12, 9e12)}/${randomBytes(12).toString('hex')}`,
      trigger_id: `${randomInt(1e12, 9e12)}.${randomInt(1e11, 9e11)}.${randomBytes(16).toString('hex')}`,
    });
    return { path: '/slack/commands', contentType: 'application/x-www-form-urlencoded', body: form.toString() };
  }
  const ts = `${now.toFixed(0)}.${String(randomInt(0, 999999)).padStart(6, '0')}`;
  const body = {
    token: 'gIkuvaNzQIHg97ATvDxqgjtO',
    team_id: spec.teamId,
    context_team_id: spec.teamId,
    api_app_id: 'A05BOTFLOW',
    event: {
      client_msg_id: randomUUID(),
      type: 'app_mention',
      text: `<@U05BOTFLOW> ${spec.text}`,
      user: spec.userId,
      ts,
      blocks: [
        {
          type: 'rich_text',
          block_id: randomBytes(3).toString('base64url'),
          elements: [
            {
              type: 'rich_text_section',
              elements: [
                { type: 'user', user_id: 'U05BOTFLOW' },
                { type: 'text', text: ` ${spec.text}` },
              ],
            },
          ],
        },
      ],
      team: spec.teamId,
      channel: spec.channelId,
      event_ts: ts,
    },
    type: 'event_callback',
    event_id: `Ev0${randomBytes(5).toString('hex').toUpperCase()}`,
    event_time: Math.floor(now),
    authorizations: [
      { enterprise_id: null, team_id: spec.teamId, user_id: 'U05BOTFLOW', is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
    event_context: `4-${Buffer.from(JSON.stringify({ et: 'app_mention', tid: spec.teamId, cid: spec.channelId })).toString('base64url')}`,
  };
  return { path: '/slack/events', contentType: 'application/json', body: JSON.stringify(body) };
}

function discord(spec: MessageSpec): WebhookBody {
  const [first = '/help', ...rest] = spec.text.split(' ');
  // Discord has no free text for bots without the message-content intent: greetings become /hello,
  // anything else a question.
  const greeting = /^(hi|hello|hey)\b/i.test(spec.text);
  const name = first.startsWith('/') ? first.slice(1) : greeting ? 'hello' : 'ask';
  const value = first.startsWith('/') ? rest.join(' ') : greeting ? '' : spec.text;
  const applicationId = spec.applicationId ?? '0';
  const body = {
    app_permissions: '562949953601536',
    application_id: applicationId,
    authorizing_integration_owners: { '0': spec.teamId },
    channel: { flags: 0, guild_id: spec.teamId, id: spec.channelId, name: 'standup', nsfw: false, type: 0 },
    channel_id: spec.channelId,
    context: 0,
    data: {
      id: String(BigInt(applicationId || '1') + 7n),
      name,
      ...(value === '' ? {} : { options: [{ name: name === 'ask' ? 'question' : 'text', type: 3, value }] }),
      type: 1,
    },
    entitlements: [],
    guild: { features: [], id: spec.teamId, locale: 'en-US' },
    guild_id: spec.teamId,
    guild_locale: 'en-US',
    id: String((BigInt(Date.now() - 1420070400000) << 22n) | BigInt(randomInt(0, 4194303))),
    locale: 'en-US',
    member: {
      avatar: null,
      deaf: false,
      flags: 0,
      joined_at: '2023-04-11T09:12:43.201000+00:00',
      mute: false,
      nick: null,
      permissions: '2248473465835073',
      roles: [],
      user: {
        avatar: randomBytes(16).toString('hex'),
        discriminator: '0',
        global_name: spec.userName,
        id: spec.userId,
        public_flags: 0,
        username: spec.username,
      },
    },
    token: `aW50ZXJhY3Rpb246${randomBytes(120).toString('base64url')}`,
    type: 2,
    version: 1,
  };
  return { path: '/discord/interactions', contentType: 'application/json', body: JSON.stringify(body) };
}

function teams(spec: MessageSpec): WebhookBody {
  const text = spec.text.replace(/^\//, '');
  const now = new Date();
  const body = {
    text: `<at>botflow</at> ${text}`,
    textFormat: 'plain',
    attachments: [
      {
        contentType: 'text/html',
        content: `<div><div><span itemscope="" itemtype="http://schema.skype.com/Mention" itemid="0">botflow</span> ${text}</div></div>`,
      },
    ],
    type: 'message',
    timestamp: now.toISOString(),
    localTimestamp: now.toISOString().replace('Z', '-05:00'),
    id: String(now.getTime()),
    channelId: 'msteams',
    serviceUrl: spec.serviceUrl ?? 'https://smba.trafficmanager.net/amer/',
    from: { id: spec.userId, name: spec.userName, aadObjectId: randomUUID() },
    conversation: {
      isGroup: true,
      conversationType: 'channel',
      tenantId: spec.tenantId ?? randomUUID(),
      id: spec.channelId,
    },
    recipient: { id: `28:${spec.botAppId ?? randomUUID()}`, name: 'botflow' },
    entities: [
      { mentioned: { id: `28:${spec.botAppId ?? ''}`, name: 'botflow' }, text: '<at>botflow</at>', type: 'mention' },
      { locale: 'en-US', country: 'US', platform: 'Web', timezone: 'America/New_York', type: 'clientInfo' },
    ],
    channelData: {
      teamsChannelId: spec.channelId,
      teamsTeamId: spec.teamId,
      channel: { id: spec.channelId },
      team: { id: spec.teamId },
      tenant: { id: spec.tenantId ?? randomUUID() },
    },
    locale: 'en-US',
    localTimezone: 'America/New_York',
  };
  return { path: '/teams/messages', contentType: 'application/json', body: JSON.stringify(body) };
}

function telegram(spec: MessageSpec): WebhookBody {
  const [first = ''] = spec.text.split(' ');
  const command = first.startsWith('/') ? `${first}@botflow_bot` : undefined;
  const text = command === undefined ? spec.text : spec.text.replace(first, command);
  const chatId = Number(spec.channelId);
  const body = {
    update_id: randomInt(100_000_000, 999_999_999),
    message: {
      message_id: randomInt(1, 2_000_000),
      from: {
        id: Number(spec.userId),
        is_bot: false,
        first_name: spec.userName.split(' ')[0],
        last_name: spec.userName.split(' ')[1],
        username: spec.username.replace('.', '_'),
        language_code: 'en',
      },
      chat: { id: chatId, title: 'Standup', type: chatId < 0 ? 'supergroup' : 'private' },
      date: Math.floor(Date.now() / 1000),
      text,
      ...(command === undefined ? {} : { entities: [{ offset: 0, length: command.length, type: 'bot_command' }] }),
    },
  };
  return { path: '/telegram/webhook', contentType: 'application/json', body: JSON.stringify(body) };
}

export function webhookBody(spec: MessageSpec): WebhookBody {
  switch (spec.platform) {
    case 'slack':
      return slack(spec);
    case 'discord':
      return discord(spec);
    case 'teams':
      return teams(spec);
    case 'telegram':
      return telegram(spec);
  }
}
