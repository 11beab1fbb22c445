import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LambdaHandler } from '../src/local/function-url.js';
import { webhookBody } from '../src/traffic/payloads.js';
import { buildTraffic } from '../src/traffic/scenarios.js';
import { signDiscord, signSlack, signTeams, signTelegram } from '../src/traffic/signers.js';
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

const json = { 'content-type': 'application/json' };

describe('Slack signing secret', () => {
  const body = JSON.stringify({ token: 'x', challenge: 'c4ll3ng3', type: 'url_verification' });

  it('answers url_verification when the HMAC matches', async () => {
    const result = await invoke(handler, {
      path: '/slack/events',
      body,
      headers: { ...json, ...signSlack(bot.standins.secrets.slack.signingSecret, body) },
    });
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body ?? '')).toEqual({ challenge: 'c4ll3ng3' });
  });

  it('rejects a body signed with another secret, a stale timestamp and missing headers', async () => {
    const forged = await invoke(handler, {
      path: '/slack/events',
      body,
      headers: { ...json, ...signSlack('0'.repeat(32), body) },
    });
    const old = Math.floor(Date.now() / 1000) - 600;
    const stale = await invoke(handler, {
      path: '/slack/events',
      body,
      headers: { ...json, ...signSlack(bot.standins.secrets.slack.signingSecret, body, old) },
    });
    const missing = await invoke(handler, { path: '/slack/events', body, headers: json });
    expect([forged.statusCode, stale.statusCode, missing.statusCode]).toEqual([401, 401, 401]);
  });

  it('rejects a body changed after signing', async () => {
    const headers = { ...json, ...signSlack(bot.standins.secrets.slack.signingSecret, body) };
    const result = await invoke(handler, { path: '/slack/events', body: body.replace('c4ll3ng3', 'other'), headers });
    expect(result.statusCode).toBe(401);
  });
});

describe('Discord Ed25519 signature', () => {
  const ping = JSON.stringify({ id: '1', application_id: '2', token: 't', type: 1, version: 1 });

  it('answers PING with PONG when the signature verifies', async () => {
    const result = await invoke(handler, {
      path: '/discord/interactions',
      body: ping,
      headers: { ...json, ...signDiscord(bot.standins.secrets.discord.privateKey, ping) },
    });
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body ?? '')).toEqual({ type: 1 });
  });

  it('rejects a signature by another key and a tampered body', async () => {
    const other = generateKeyPairSync('ed25519').privateKey;
    const forged = await invoke(handler, {
      path: '/discord/interactions',
      body: ping,
      headers: { ...json, ...signDiscord(other, ping) },
    });
    const headers = { ...json, ...signDiscord(bot.standins.secrets.discord.privateKey, ping) };
    const tampered = await invoke(handler, {
      path: '/discord/interactions',
      body: ping.replace('"type":1', '"type":2'),
      headers,
    });
    expect([forged.statusCode, tampered.statusCode]).toEqual([401, 401]);
  });
});

describe('Teams Bot Framework JWT', () => {
  const serviceUrl = () => `${bot.standins.urls.teams}/amer/`;
  const update = () =>
    JSON.stringify({
      type: 'conversationUpdate',
      id: 'f:1',
      serviceUrl: serviceUrl(),
      conversation: { id: '19:abc@thread.tacv2' },
      membersAdded: [],
    });

  it('accepts a token signed by a key of the JWKS', async () => {
    const { teams } = bot.standins.secrets;
    const auth = await signTeams({
      privateKey: teams.privateKey,
      kid: teams.kid,
      appId: teams.appId,
      serviceUrl: serviceUrl(),
    });
    const result = await invoke(handler, { path: '/teams/messages', body: update(), headers: { ...json, ...auth } });
    expect(result.statusCode).toBe(200);
  });

  it('rejects an unknown key, another audience, a foreign serviceUrl and no token', async () => {
    const { teams } = bot.standins.secrets;
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const unknownKey = await signTeams({
      privateKey: stranger,
      kid: teams.kid,
      appId: teams.appId,
      serviceUrl: serviceUrl(),
    });
    const audience = await signTeams({
      privateKey: teams.privateKey,
      kid: teams.kid,
      appId: 'another-bot',
      serviceUrl: serviceUrl(),
    });
    const foreign = await signTeams({
      privateKey: teams.privateKey,
      kid: teams.kid,
      appId: teams.appId,
      serviceUrl: 'https://evil.example/',
    });
    const statuses = [];
    for (const auth of [unknownKey, audience, foreign, {}]) {
      statuses.push(
        (await invoke(handler, { path: '/teams/messages', body: update(), headers: { ...json, ...auth } })).statusCode,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 401]);
  });
});

describe('Telegram secret token', () => {
  const edit = JSON.stringify({
    update_id: 7,
    edited_message: { message_id: 1, chat: { id: 1, type: 'private' }, date: 0, text: 'x' },
  });

  it('accepts the configured secret token', async () => {
    const result = await invoke(handler, {
      path: '/telegram/webhook',
      body: edit,
      headers: { ...json, ...signTelegram(bot.standins.secrets.telegram.secretToken) },
    });
    expect(result.statusCode).toBe(200);
  });

  it('rejects a wrong token (403) and a missing one (401)', async () => {
    const wrong = await invoke(handler, {
      path: '/telegram/webhook',
      body: edit,
      headers: { ...json, ...signTelegram('not-the-secret') },
    });
    const missing = await invoke(handler, { path: '/telegram/webhook', body: edit, headers: json });
    expect([wrong.statusCode, missing.statusCode]).toEqual([403, 401]);
  });
});

describe('request routing and payload errors', () => {
  it('answers 404 for an unknown path and 405 for a GET', async () => {
    const notFound = await invoke(handler, { path: '/nope', body: '', headers: {} });
    const event = { path: '/slack/events', body: '', headers: {} };
    const { functionUrlEvent, lambdaContext } = await import('../src/local/function-url.js');
    const get = await handler(functionUrlEvent({ ...event, method: 'GET' }), lambdaContext());
    expect([notFound.statusCode, get.statusCode]).toEqual([404, 405]);
  });

  it('answers 400 to correctly signed but malformed payloads on every platform', async () => {
    const requests = (await buildTraffic(bot.target, { count: 120, seed: 1 })).filter(
      (r) => r.scenario === 'error-malformed-payload',
    );
    expect(requests.map((r) => r.platform).sort()).toEqual(['discord', 'slack', 'teams', 'telegram']);
    for (const request of requests) expect((await invoke(handler, request)).statusCode, request.platform).toBe(400);
  });

  it('verifies a real message before reading it: the same Slack message forged is not processed', async () => {
    const user = bot.standins.returning.find((u) => u.platform === 'slack');
    if (user === undefined) throw new Error('no seeded user');
    const body = webhookBody({
      platform: 'slack',
      teamId: user.teamId,
      channelId: 'C0X',
      userId: user.userId,
      userName: user.name,
      username: user.username,
      text: '/help',
    });
    const before = bot.standins.dynamo.stats.requests;
    const result = await invoke(handler, {
      path: body.path,
      body: body.body,
      headers: { 'content-type': body.contentType, ...signSlack('f'.repeat(32), body.body) },
    });
    expect(result.statusCode).toBe(401);
    expect(bot.standins.dynamo.stats.requests).toBe(before);
  });
});
