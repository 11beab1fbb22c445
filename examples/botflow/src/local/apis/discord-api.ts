import type { Route, StandinReply } from '../https-standin.js';

/** Interaction callbacks (204) and follow-up webhooks (a message object), Discord API v10. */
export function discordApiRoutes(applicationId: string): Route[] {
  let sequence = 0n;
  return [
    {
      method: 'POST',
      pattern: /^\/api\/v10\/interactions\/(\d+)\/([\w.-]+)\/callback$/,
      handle(request): StandinReply {
        const type = request.json?.type;
        if (typeof type !== 'number') return { status: 400, body: { message: 'Invalid Form Body', code: 50035 } };
        return { status: 204 };
      },
    },
    {
      method: 'POST',
      pattern: /^\/api\/v10\/webhooks\/(\d+)\/([\w.-]+)$/,
      handle(request): StandinReply {
        if (request.params[0] !== applicationId)
          return { status: 404, body: { message: 'Unknown Webhook', code: 10015 } };
        sequence += 1n;
        return {
          status: 200,
          body: {
            id: String((BigInt(Date.now() - 1420070400000) << 22n) + sequence),
            type: 0,
            content: request.json?.content ?? '',
            channel_id: '0',
            author: { id: applicationId, username: 'botflow', bot: true, discriminator: '0000' },
            timestamp: new Date().toISOString(),
            flags: 0,
          },
        };
      },
    },
  ];
}

export function discordServerError(): StandinReply {
  return { status: 502, body: { message: '502: Bad Gateway', code: 0 } };
}
