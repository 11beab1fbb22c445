import { timingSafeEqual } from 'node:crypto';
import { empty, type WebhookRequest } from '../http/function-url.js';
import { classify } from '../model.js';
import { asRecord, asString, invalid, type PlatformAdapter, parseJson, rejectWith, type Verdict } from './types.js';

/** Telegram echoes the `secret_token` given to setWebhook in `X-Telegram-Bot-Api-Secret-Token`. */
export function verifyTelegramRequest(secretToken: string, request: WebhookRequest): Verdict {
  if (secretToken === '') return rejectWith(500, 'TELEGRAM_SECRET_TOKEN is not configured');
  const given = request.headers['x-telegram-bot-api-secret-token'];
  if (given === undefined) return rejectWith(401, 'missing secret token');
  const a = Buffer.from(given);
  const b = Buffer.from(secretToken);
  return a.length === b.length && timingSafeEqual(a, b) ? { ok: true } : rejectWith(403, 'wrong secret token');
}

export const telegram: PlatformAdapter = {
  platform: 'telegram',
  async verify(request, deps) {
    return verifyTelegramRequest(deps.config.telegram.secretToken, request);
  },
  parse(request) {
    const update = parseJson(request.rawBody);
    if (update === undefined || typeof update.update_id !== 'number') return invalid('not a Telegram update');
    const message = asRecord(update.message);
    if (message === undefined) return { kind: 'ignore', reason: 'update without message' };
    const from = asRecord(message.from);
    const chat = asRecord(message.chat);
    if (typeof message.text !== 'string') return { kind: 'ignore', reason: 'non-text message' };
    if (typeof from?.id !== 'number' || typeof chat?.id !== 'number' || typeof message.message_id !== 'number') {
      return invalid('message without from/chat/message_id');
    }
    if (from.is_bot === true) return { kind: 'ignore', reason: 'bot sender' };
    const { intent, args } = classify(message.text);
    const chatId = chat.id;
    return {
      kind: 'message',
      message: {
        platform: 'telegram',
        eventId: String(update.update_id),
        // Group chats are the "team"; a private chat is a team of one.
        teamId: String(chatId),
        channelId: String(chatId),
        userId: String(from.id),
        userName: asString(from.username) ?? asString(from.first_name) ?? String(from.id),
        text: message.text,
        intent,
        args,
        reply: { platform: 'telegram', chatId, messageId: message.message_id },
        receivedAt: new Date().toISOString(),
      },
    };
  },
  async deliver(message, text, deps) {
    if (message.reply.platform !== 'telegram') throw new Error('not a Telegram message');
    const { apiUrl, botToken } = deps.config.telegram;
    // The bot token is part of the path: every trace of this call must have it masked.
    await deps.http.request(`${apiUrl}/bot${botToken}/sendMessage`, {
      method: 'POST',
      body: {
        chat_id: message.reply.chatId,
        text,
        reply_parameters: { message_id: message.reply.messageId },
      },
    });
    return empty(200);
  },
};
