import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LambdaHandler } from '../src/local/function-url.js';
import { webhookBody } from '../src/traffic/payloads.js';
import { signSlack, signTelegram } from '../src/traffic/signers.js';
import { invoke, type LocalBot, startLocalBot } from './helpers/local-bot.js';

let bot: LocalBot;
let handler: LambdaHandler;

beforeAll(async () => {
  bot = await startLocalBot();
  ({ handler } = (await import('../src/functions/botFlow/handler.js')) as unknown as { handler: LambdaHandler });
});

afterAll(async () => {
  await bot?.stop();
});

describe('botFlow against the stand-ins', () => {
  it('greets a returning Slack user through chat.postMessage', async () => {
    // Prepare
    const user = bot.standins.returning.find((u) => u.platform === 'slack');
    if (user === undefined) throw new Error('no seeded Slack user');
    const team = bot.standins.directory.teams.find((t) => t.teamId === user.teamId);
    const body = webhookBody({
      platform: 'slack',
      teamId: user.teamId,
      channelId: team?.channels[0]?.channelId ?? '',
      userId: user.userId,
      userName: user.name,
      username: user.username,
      text: 'hi',
    });
    const before = bot.standins.calls().length;
    // Act
    const result = await invoke(handler, {
      path: body.path,
      body: body.body,
      headers: { 'content-type': body.contentType, ...signSlack(bot.standins.secrets.slack.signingSecret, body.body) },
    });
    // Assess
    expect(result.statusCode).toBe(200);
    const calls = bot.standins.calls().slice(before);
    expect(calls.map((c) => `${c.service} ${c.status}`)).toEqual(['slack 200']);
  });

  it('answers a Telegram /standup through DailyBot and sendMessage', async () => {
    const user = bot.standins.returning.find((u) => u.platform === 'telegram');
    if (user === undefined) throw new Error('no seeded Telegram user');
    const body = webhookBody({
      platform: 'telegram',
      teamId: user.teamId,
      channelId: user.teamId,
      userId: user.userId,
      userName: user.name,
      username: user.username,
      text: '/standup',
    });
    const before = bot.standins.calls().length;
    const result = await invoke(handler, {
      path: body.path,
      body: body.body,
      headers: { 'content-type': body.contentType, ...signTelegram(bot.standins.secrets.telegram.secretToken) },
    });
    expect(result.statusCode).toBe(200);
    const services = bot.standins
      .calls()
      .slice(before)
      .map((c) => c.service);
    expect(services.filter((s) => s === 'dailybot')).toHaveLength(3);
    expect(services).toEqual(['dailybot', 'dailybot', 'dailybot', 'telegram']);
  });
});
