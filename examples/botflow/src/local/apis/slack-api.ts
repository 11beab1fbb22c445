import type { Route, StandinReply } from '../https-standin.js';

/** `https://slack.com/api/chat.postMessage`: 200 with `ok: false` for API errors, as Slack does. */
export function slackApiRoutes(botToken: string): Route[] {
  let sequence = 0;
  return [
    {
      method: 'POST',
      pattern: /^\/api\/chat\.postMessage$/,
      handle(request): StandinReply {
        if (request.headers.authorization !== `Bearer ${botToken}`) {
          return { status: 200, body: { ok: false, error: 'invalid_auth' } };
        }
        const channel = request.json?.channel;
        const text = request.json?.text;
        if (typeof channel !== 'string' || typeof text !== 'string') {
          return { status: 200, body: { ok: false, error: 'no_text' } };
        }
        sequence += 1;
        const ts = `${Math.floor(Date.now() / 1000)}.${String(sequence).padStart(6, '0')}`;
        return {
          status: 200,
          headers: { 'x-slack-req-id': `${sequence.toString(16)}e2f0a1b` },
          body: {
            ok: true,
            channel,
            ts,
            message: { bot_id: 'B05BOTFLOW', type: 'message', text, user: 'U05BOTFLOW', ts, app_id: 'A05BOTFLOW' },
          },
        };
      },
    },
  ];
}

export function slackServerError(): StandinReply {
  return { status: 503, body: { ok: false, error: 'service_unavailable' } };
}
