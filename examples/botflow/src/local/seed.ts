import { buildContextWindowFast } from '../flows/context-window.js';
import { CONTEXT_WORDS } from '../flows/state-update.js';
import { channelKey, teamConfigKey, userKey } from '../model.js';
import type { ChannelConfig, ConversationState, MemoryEntry, TurnItem } from '../store/tables.js';
import { STATE_SK, TURN_PREFIX } from '../store/tables.js';
import { webhookBody } from '../traffic/payloads.js';
import type { Directory, DirectoryTeam, DirectoryUser } from './directory.js';
import { createRandom, type Random } from './random.js';
import { assistantAnswer, question, standupAnswer, textBank } from './text.js';

export interface SeedOptions {
  seed: number;
  /** Users per team that already talked to the bot (the rest are known to the platform only). */
  returningPerTeam: number;
  memoryEntries: [number, number];
  turnsPerUser: [number, number];
}

export const DEFAULT_SEED: SeedOptions = {
  seed: 88,
  returningPerTeam: 6,
  memoryEntries: [16, 40],
  turnsPerUser: [4, 12],
};

export interface SeedItems {
  states: Record<string, unknown>[];
  channels: Record<string, unknown>[];
  /** Users with a state item, for the traffic generator's returning-user scenario. */
  returning: DirectoryUser[];
}

const INTENT_TEXT: [string, (random: Random) => string][] = [
  ['checkin', (random) => `/standup ${standupAnswer(random)}`],
  ['ask', (random) => `/ask ${question(random)}`],
  ['greeting', (random) => random.pick(textBank.GREETINGS)],
  ['help', () => '/help'],
];

function iso(base: number, offsetMinutes: number): string {
  return new Date(base - offsetMinutes * 60_000).toISOString();
}

function memoryOf(random: Random, user: DirectoryUser, count: number, now: number): MemoryEntry[] {
  const memory: MemoryEntry[] = [];
  for (let i = count; i > 0; i -= 2) {
    const [intent, text] = random.pick(INTENT_TEXT);
    const at = iso(now, i * 90);
    const meta = { platform: user.platform, eventId: random.hex(12), latencyMs: random.int(300, 2500) };
    memory.push({ role: 'user', text: text(random), at, intent, tokens: random.int(5, 60), meta });
    const reply = intent === 'ask' ? assistantAnswer(random) : `Thanks ${user.name}, noted. ${assistantAnswer(random)}`;
    memory.push({
      role: 'assistant',
      text: reply,
      at,
      intent,
      tokens: random.int(40, 220),
      meta: { ...meta, model: 'gpt-4o-mini-2024-07-18' },
    });
  }
  return memory;
}

function channelItems(team: DirectoryTeam, createdAt: string): ChannelConfig[] {
  const settings = {
    language: 'en',
    assistantEnabled: true,
    exportEnabled: true,
    welcomeMessage: `Welcome to ${team.name}!`,
  };
  const items: ChannelConfig[] = team.channels.map((channel) => ({
    channelKey: channelKey(channel),
    kind: 'channel',
    platform: channel.platform,
    teamId: channel.teamId,
    channelId: channel.channelId,
    name: channel.name,
    members: channel.members,
    ...(channel.standup
      ? {
          standup: {
            enabled: true,
            time: '09:30',
            timezone: 'America/Bogota',
            dailybotCheckinUuid: channel.checkinUuid,
            questions: ['What did you do yesterday?', 'What will you do today?', 'Anything blocking you?'],
          },
        }
      : {}),
    settings,
    createdAt,
  }));
  items.push({
    channelKey: teamConfigKey(team),
    kind: 'team',
    platform: team.platform,
    teamId: team.teamId,
    channelId: '',
    name: team.name,
    members: [],
    standup: {
      enabled: true,
      time: '09:30',
      timezone: 'UTC',
      dailybotCheckinUuid: team.checkinUuid,
      questions: ['What did you do yesterday?', 'What will you do today?', 'Anything blocking you?'],
    },
    settings,
    createdAt,
  });
  return items;
}

/** The users with a state item: the first `returningPerTeam` of each team (as `buildSeedItems` writes them). */
export function returningUsers(directory: Directory, options: SeedOptions = DEFAULT_SEED): DirectoryUser[] {
  return directory.teams
    .filter((team) => team.channels.length > 0)
    .flatMap((team) => team.users.slice(0, options.returningPerTeam));
}

/** Every item of both tables, realistic in shape and size (states of tens of kB, turns of several kB). */
export function buildSeedItems(directory: Directory, options: SeedOptions = DEFAULT_SEED): SeedItems {
  const random = createRandom(options.seed);
  const now = Date.now();
  const states: Record<string, unknown>[] = [];
  const channels: Record<string, unknown>[] = [];
  const returning: DirectoryUser[] = [];
  for (const team of directory.teams) {
    channels.push(...(channelItems(team, iso(now, 60 * 24 * 200)) as unknown as Record<string, unknown>[]));
    const channel = team.channels[0];
    if (channel === undefined) continue;
    for (const user of team.users.slice(0, options.returningPerTeam)) {
      returning.push(user);
      const memory = memoryOf(random, user, random.int(...options.memoryEntries), now);
      const summary = buildContextWindowFast(memory, CONTEXT_WORDS);
      const turnCount = random.int(...options.turnsPerUser);
      const state: ConversationState = {
        pk: userKey(user),
        sk: STATE_SK,
        platform: user.platform,
        teamId: user.teamId,
        userId: user.userId,
        userName: user.name,
        locale: 'en',
        createdAt: iso(now, 60 * 24 * random.int(10, 150)),
        updatedAt: iso(now, random.int(30, 60 * 48)),
        turnCount,
        lastIntent: memory.at(-1)?.intent ?? 'greeting',
        dailybotUserUuid: `${random.hex(8)}-${random.hex(4)}-4${random.hex(3)}-a${random.hex(3)}-${random.hex(12)}`,
        memory,
        summary,
        preferences: { language: 'en', timezone: 'America/Bogota', notifications: true, standupReminder: '09:30' },
        onboarding: { completed: true, steps: ['greeted', 'standup'] },
      };
      states.push(state as unknown as Record<string, unknown>);
      for (let t = 0; t < turnCount; t++) {
        const [intent, make] = random.pick(INTENT_TEXT);
        const text = make(random);
        const at = iso(now, (turnCount - t) * 180);
        const eventId = `seed-${random.hex(16)}`;
        const raw = webhookBody({
          platform: user.platform,
          teamId: team.teamId,
          tenantId: team.tenantId,
          channelId: channel.channelId,
          userId: user.userId,
          userName: user.name,
          username: user.username,
          text,
        }).body;
        const turn: TurnItem = {
          pk: state.pk,
          sk: `${TURN_PREFIX}${at}#${eventId}`,
          eventId,
          at,
          intent,
          text,
          reply: intent === 'ask' ? assistantAnswer(random) : `Done, ${user.name}.`,
          raw,
          context: intent === 'ask' || random.chance(0.5) ? summary.slice(0, random.int(2000, 8000)) : '',
          tokens: random.int(50, 900),
          latencyMs: random.int(200, 3000),
        };
        states.push(turn as unknown as Record<string, unknown>);
      }
    }
  }
  return { states, channels, returning };
}
