import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIX_IDS, parseFixes } from '../src/fixes.js';
import { buildContextWindowFast, buildContextWindowSlow } from '../src/flows/context-window.js';
import { applyTurn, CONTEXT_WORDS, type TurnUpdate } from '../src/flows/state-update.js';
import type { ConversationState } from '../src/store/tables.js';
import { createTestApp } from './helpers/app.js';
import { eventOf, type LocalBot, startLocalBot } from './helpers/local-bot.js';
import { newUser, seededUser, signedMessage } from './helpers/messages.js';

let bot: LocalBot;

beforeAll(async () => {
  bot = await startLocalBot();
});

afterAll(async () => {
  await bot?.stop();
});

describe('fix switches', () => {
  it('reads BOTFLOW_FIX, turns everything on with BOTFLOW_OPTIMIZED and refuses unknown ids', () => {
    expect([...parseFixes({ BOTFLOW_FIX: 'http-keep-alive, dynamodb-projection' })]).toEqual([
      'http-keep-alive',
      'dynamodb-projection',
    ]);
    expect(parseFixes({ BOTFLOW_OPTIMIZED: '1' }).size).toBe(FIX_IDS.length);
    expect(parseFixes({}).size).toBe(0);
    expect(() => parseFixes({ BOTFLOW_FIX: 'http-keepalive' })).toThrow(/unknown fix "http-keepalive"/);
  });
});

describe('planted and fixed code give the same results', () => {
  it('builds the same context window both ways, trimmed to the word budget', async () => {
    const { DEFAULT_DIRECTORY, createDirectory } = await import('../src/local/directory.js');
    const { buildSeedItems } = await import('../src/local/seed.js');
    const items = buildSeedItems(createDirectory({ ...DEFAULT_DIRECTORY, teamsPerPlatform: 1 }), {
      seed: 2,
      returningPerTeam: 4,
      memoryEntries: [2, 40],
      turnsPerUser: [0, 0],
    });
    const states = items.states as unknown as ConversationState[];
    expect(states.length).toBe(16);
    for (const state of states) {
      const slow = buildContextWindowSlow(state.memory, CONTEXT_WORDS);
      expect(buildContextWindowFast(state.memory, CONTEXT_WORDS)).toBe(slow);
      expect(slow.split(/\s+/).filter(Boolean).length).toBeLessThanOrEqual(CONTEXT_WORDS);
    }
    expect(buildContextWindowFast([], 10)).toBe('');
  });

  it('applies a turn to the same state both ways without touching the input', () => {
    const entry = (role: 'user' | 'assistant', text: string) => ({
      role,
      text,
      at: '2025-01-01T10:00:00.000Z',
      intent: 'ask',
      tokens: 3,
      meta: { platform: 'slack', eventId: 'e1', latencyMs: 5 },
    });
    const state: ConversationState = {
      pk: 'slack#T#U',
      sk: 'STATE',
      platform: 'slack',
      teamId: 'T',
      userId: 'U',
      userName: 'Ana',
      locale: 'en',
      createdAt: '2024-01-01T00:00:00.000Z',
      updatedAt: '2024-01-01T00:00:00.000Z',
      turnCount: 41,
      lastIntent: 'help',
      memory: Array.from({ length: 40 }, (_, i) =>
        entry(i % 2 === 0 ? 'user' : 'assistant', `message *${i}* with _marks_`),
      ),
      summary: '',
      preferences: { language: 'en', timezone: 'UTC', notifications: true, standupReminder: '09:30' },
      onboarding: { completed: false, steps: ['greeted'] },
    };
    const snapshot = structuredClone(state);
    const update = (fixed: boolean): TurnUpdate => ({
      user: entry('user', 'new question?'),
      assistant: entry('assistant', 'new answer'),
      intent: 'ask',
      at: '2025-01-02T00:00:00.000Z',
      onboardingStep: 'asked',
      dailybotUserUuid: 'u-1',
      fixes: fixed ? new Set(FIX_IDS) : new Set(),
    });
    const planted = applyTurn(state, update(false));
    const fixed = applyTurn(state, update(true));
    expect(fixed.state).toEqual(planted.state);
    expect(new Set(fixed.changed)).toEqual(new Set(planted.changed));
    expect(planted.state.memory).toHaveLength(40);
    expect(planted.state.memory.at(-1)?.text).toBe('new answer');
    expect(planted.state).toMatchObject({ turnCount: 42, dailybotUserUuid: 'u-1', onboarding: { completed: true } });
    expect(state).toEqual(snapshot);
  });
});

describe('what each fix changes on the wire', () => {
  /** Sends one message with the given fixes and returns what the stand-ins saw. */
  async function observe(fix: string, text: string, who: Parameters<typeof signedMessage>[1]) {
    const { app } = await createTestApp({ ...process.env, BOTFLOW_FIX: fix });
    const ops = { ...bot.standins.dynamo.stats.byOperation };
    const calls = bot.standins.calls().length;
    const result = await app(eventOf(await signedMessage(bot.target, who, text)));
    const after = bot.standins.dynamo.stats.byOperation;
    const delta = Object.fromEntries(
      Object.entries(after)
        .map(([op, n]) => [op, n - (ops[op] ?? 0)])
        .filter(([, n]) => n !== 0),
    );
    return { status: result.statusCode, reply: result.body, dynamo: delta, http: bot.standins.calls().slice(calls) };
  }

  it('dynamodb-batch-reads: three GetItems become one BatchGetItem', async () => {
    const planted = await observe('', '/help', seededUser(bot.target, 'telegram', 0));
    const fixed = await observe('dynamodb-batch-reads', '/help', seededUser(bot.target, 'telegram', 1));
    expect(planted.dynamo).toEqual({ GetItem: 3, Query: 1, PutItem: 2 });
    expect(fixed.dynamo).toEqual({ BatchGetItem: 1, Query: 1, PutItem: 2 });
  });

  it('dynamodb-scan-to-query: the team channels come from the GSI, with the same answer', async () => {
    const planted = await observe('', 'hi', newUser(bot.target, 'discord'));
    const fixed = await observe('dynamodb-scan-to-query', 'hi', newUser(bot.target, 'discord'));
    expect(planted.dynamo.Scan).toBeGreaterThanOrEqual(1);
    expect(fixed.dynamo.Scan).toBeUndefined();
    expect(fixed.dynamo.Query).toBe(2);
    expect(JSON.parse(fixed.reply ?? '').data.content).toBe(JSON.parse(planted.reply ?? '').data.content);
  });

  it('http-keep-alive: the second call to an API reuses the connection', async () => {
    const planted = [
      ...(await observe('', '/help', seededUser(bot.target, 'slack', 0))).http,
      ...(await observe('', '/help', seededUser(bot.target, 'slack', 1))).http,
    ];
    const { app } = await createTestApp({ ...process.env, BOTFLOW_FIX: 'http-keep-alive' });
    const before = bot.standins.calls().length;
    for (const index of [0, 1])
      await app(eventOf(await signedMessage(bot.target, seededUser(bot.target, 'slack', index), '/help')));
    const fixed = bot.standins.calls().slice(before);
    expect(planted.map((c) => c.newConnection)).toEqual([true, true]);
    expect(fixed.map((c) => c.newConnection)).toEqual([true, false]);
  });

  it('dynamodb-projection and http-parallelize keep the /standup answer', async () => {
    const who = seededUser(bot.target, 'teams', 2);
    const planted = await observe('', '/standup', who);
    const fixed = await observe('dynamodb-projection,http-parallelize', '/standup', who);
    const dailybot = (calls: typeof planted.http) => calls.filter((c) => c.service === 'dailybot').length;
    expect([planted.status, fixed.status]).toEqual([200, 200]);
    expect([dailybot(planted.http), dailybot(fixed.http)]).toEqual([3, 3]);
  });
});
