import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import type { LambdaHandler } from '../src/local/function-url.js';
import { PLATFORMS } from '../src/model.js';
import { createDocumentClient } from '../src/store/dynamodb.js';
import { invoke, type LocalBot, startLocalBot } from './helpers/local-bot.js';
import { newUser, seededUser, signedMessage } from './helpers/messages.js';

let bot: LocalBot;
let handler: LambdaHandler;

beforeAll(async () => {
  bot = await startLocalBot();
  ({ handler } = (await import('../src/functions/botFlow/handler.js')) as unknown as { handler: LambdaHandler });
});

afterAll(async () => {
  await bot?.stop();
});

/** The stand-in calls one invocation made, in order, as `service status`. */
async function callsOf(run: () => Promise<unknown>): Promise<string[]> {
  const before = bot.standins.calls().length;
  await run();
  return bot.standins
    .calls()
    .slice(before)
    .map((c) => `${c.service} ${c.status}`);
}

describe('replies through each platform', () => {
  const expected: Record<string, string[]> = {
    slack: ['slack 200'],
    discord: [],
    // First Teams request of the process: the JWKS (to verify the JWT), a client-credentials token,
    // then the reply activity.
    teams: ['teams 200', 'teams 200', 'teams 200'],
    telegram: ['telegram 200'],
  };
  for (const platform of PLATFORMS) {
    it(`greets a returning ${platform} user`, async () => {
      const request = await signedMessage(bot.target, seededUser(bot.target, platform), 'hello');
      let status = 0;
      let body = '';
      const calls = await callsOf(async () => {
        const result = await invoke(handler, request);
        status = result.statusCode ?? 0;
        body = result.body ?? '';
      });
      expect(status).toBe(200);
      expect(calls).toEqual(expected[platform]);
      // Discord: quick answers travel in the interaction response itself.
      if (platform === 'discord')
        expect(JSON.parse(body)).toMatchObject({ type: 4, data: { content: expect.stringContaining('Hi again') } });
    });
  }
});

describe('flows', () => {
  it('creates the state of a first-time user and lists the team standup channels', async () => {
    const who = newUser(bot.target, 'slack');
    const result = await invoke(handler, await signedMessage(bot.target, who, 'hi'));
    expect(result.statusCode).toBe(200);
    const db = createDocumentClient(loadConfig(process.env), (c) => c);
    const { Item } = await db.send(
      new GetCommand({
        TableName: 'botflow-states',
        Key: { pk: `slack#${who.team.teamId}#${who.user.userId}`, sk: 'STATE' },
      }),
    );
    expect(Item).toMatchObject({ turnCount: 1, onboarding: { steps: ['greeted'] }, userName: who.user.userId });
    expect(Item?.memory).toHaveLength(2);
    expect(Item?.memory[1].text).toContain('#standup');
  });

  it('saves a /standup check-in through DailyBot', async () => {
    const request = await signedMessage(
      bot.target,
      seededUser(bot.target, 'telegram', 1),
      '/standup yesterday: tests; today: docs; blockers: none',
    );
    const calls = await callsOf(() => invoke(handler, request));
    expect(calls).toEqual(['dailybot 200', 'dailybot 200', 'dailybot 200', 'dailybot 201', 'telegram 200']);
  });

  it('answers /ask through OpenAI, with a deferred Discord answer and a follow-up', async () => {
    const request = await signedMessage(
      bot.target,
      seededUser(bot.target, 'discord'),
      '/ask how do we deploy on fridays?',
    );
    let status = 0;
    const calls = await callsOf(async () => {
      status = (await invoke(handler, request)).statusCode ?? 0;
    });
    expect(status).toBe(202);
    expect(calls).toEqual(['discord 204', 'openai 200', 'discord 200']);
  });

  it('builds the /export spreadsheet with the lazily loaded library', async () => {
    const who = seededUser(bot.target, 'slack', 1);
    const request = await signedMessage(bot.target, who, '/export');
    const calls = await callsOf(() => invoke(handler, request));
    expect(calls).toEqual(['slack 200']);
  });

  it('answers politely when OpenAI fails with a 5xx or times out', async () => {
    for (const fault of ['#fault:5xx', '#fault:timeout']) {
      const request = await signedMessage(bot.target, newUser(bot.target, 'teams'), `/ask what happened? ${fault}`);
      const result = await invoke(handler, request);
      expect(result.statusCode, fault).toBe(200);
    }
    const openai = bot.standins.calls().filter((c) => c.service === 'openai' && c.fault !== undefined);
    expect(openai.map((c) => `${c.fault} ${c.status}`)).toEqual(['5xx 500', 'timeout 0']);
  });

  it('fails the invocation when DynamoDB throttles after the SDK retries', async () => {
    const { team } = seededUser(bot.target, 'slack');
    const hot = {
      team,
      user: { platform: 'slack' as const, teamId: team.teamId, userId: 'U0HOTPART1', name: 'Hot', username: 'hot' },
    };
    const before = bot.standins.dynamo.stats.throttled;
    await expect(invoke(handler, await signedMessage(bot.target, hot, '/help'))).rejects.toThrow(/throughput/i);
    // maxAttempts 3: the SDK tried three times.
    expect(bot.standins.dynamo.stats.throttled - before).toBe(3);
  });

  it('answers a redelivered event once', async () => {
    const request = await signedMessage(bot.target, seededUser(bot.target, 'slack', 2), '/help');
    const first = await callsOf(() => invoke(handler, request));
    const second = await callsOf(() => invoke(handler, request));
    expect([first, second]).toEqual([['slack 200'], []]);
  });
});
