import type { Route, StandinReply } from '../https-standin.js';

/** `https://api.telegram.org/bot<token>/sendMessage`: `{ ok, result }` or `{ ok: false, error_code, description }`. */
export function telegramApiRoutes(botToken: string): Route[] {
  let messageId = 1000;
  const botId = Number(botToken.split(':')[0]);
  return [
    {
      method: 'POST',
      pattern: /^\/bot([^/]+)\/sendMessage$/,
      handle(request): StandinReply {
        if (request.params[0] !== botToken) {
          return { status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } };
        }
        const chatId = request.json?.chat_id;
        const text = request.json?.text;
        if (typeof chatId !== 'number' || typeof text !== 'string' || text === '') {
          return {
            status: 400,
            body: { ok: false, error_code: 400, description: 'Bad Request: message text is empty' },
          };
        }
        messageId += 1;
        return {
          status: 200,
          body: {
            ok: true,
            result: {
              message_id: messageId,
              from: { id: botId, is_bot: true, first_name: 'botflow', username: 'botflow_bot' },
              chat: { id: chatId, type: chatId < 0 ? 'supergroup' : 'private' },
              date: Math.floor(Date.now() / 1000),
              text,
            },
          },
        };
      },
    },
  ];
}

export function telegramServerError(): StandinReply {
  return { status: 502, body: { ok: false, error_code: 502, description: 'Bad Gateway' } };
}
