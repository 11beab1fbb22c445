import { createHash, randomUUID } from 'node:crypto';
import type { Route, StandinReply } from '../https-standin.js';
import { textBank } from '../text.js';

function uuidFrom(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function pick<T>(items: readonly T[], key: string): T {
  const index = Number.parseInt(createHash('sha1').update(key).digest('hex').slice(0, 8), 16) % items.length;
  return items[index] as T;
}

function user(uuid: string) {
  const first = pick(textBank.FIRST, `${uuid}f`);
  const last = pick(textBank.LAST, `${uuid}l`);
  return {
    uuid,
    full_name: `${first} ${last}`,
    username: `${first}.${last}`.toLowerCase(),
    timezone: pick(['America/Bogota', 'Europe/Berlin', 'Asia/Tokyo', 'UTC'], uuid),
    is_active: true,
    occupation: pick(['Engineer', 'Designer', 'Product manager', 'QA'], `${uuid}o`),
  };
}

function page<T>(results: T[]) {
  return { count: results.length, next: null, previous: null, results };
}

function checkin(uuid: string) {
  return {
    uuid,
    name: pick(['Daily standup', 'Engineering check-in', 'Async standup'], uuid),
    is_active: true,
    frequency: 'weekdays',
    time: '09:30',
    questions: [
      { uuid: uuidFrom(`${uuid}q1`), question: 'What did you do yesterday?', is_blocker: false },
      { uuid: uuidFrom(`${uuid}q2`), question: 'What will you do today?', is_blocker: false },
      { uuid: uuidFrom(`${uuid}q3`), question: 'Anything blocking you?', is_blocker: true },
    ],
  };
}

/** DailyBot's v1 REST API as the check-in flow uses it (`X-API-KEY`, DRF-style paginated lists). */
export function dailybotApiRoutes(apiKey: string): Route[] {
  const authorized = (headers: Record<string, unknown>) => headers['x-api-key'] === apiKey;
  const denied: StandinReply = { status: 401, body: { detail: 'Invalid API key.' } };
  return [
    {
      method: 'GET',
      pattern: /^\/v1\/users\/$/,
      handle(request) {
        if (!authorized(request.headers)) return denied;
        const external = request.query.get('external_id') ?? '';
        return { status: 200, body: page(external.includes('unknown') ? [] : [user(uuidFrom(external))]) };
      },
    },
    {
      method: 'GET',
      pattern: /^\/v1\/users\/([0-9a-f-]{36})\/$/,
      handle(request) {
        return authorized(request.headers) ? { status: 200, body: user(request.params[0] ?? '') } : denied;
      },
    },
    {
      method: 'GET',
      pattern: /^\/v1\/checkins\/$/,
      handle(request) {
        if (!authorized(request.headers)) return denied;
        const owner = request.query.get('user') ?? '';
        return { status: 200, body: page([checkin(uuidFrom(`${owner}c1`)), checkin(uuidFrom(`${owner}c2`))]) };
      },
    },
    {
      method: 'GET',
      pattern: /^\/v1\/checkins\/([0-9a-f-]{36})\/responses\/$/,
      handle(request) {
        if (!authorized(request.headers)) return denied;
        const checkinUuid = request.params[0] ?? '';
        const date = request.query.get('date') ?? '';
        const count = Number.parseInt(uuidFrom(checkinUuid + date).slice(0, 2), 16) % 9;
        const results = Array.from({ length: count }, (_, i) => {
          const who = user(uuidFrom(`${checkinUuid}u${i}`));
          return {
            uuid: uuidFrom(`${checkinUuid}${date}r${i}`),
            user: { uuid: who.uuid, full_name: who.full_name },
            created_at: `${date}T0${i}:15:00Z`,
            responses: [
              { question_uuid: uuidFrom(`${checkinUuid}q1`), response: pick(textBank.DONE, `${i}d`) },
              { question_uuid: uuidFrom(`${checkinUuid}q2`), response: pick(textBank.NEXT, `${i}n`) },
              { question_uuid: uuidFrom(`${checkinUuid}q3`), response: pick(textBank.BLOCKERS, `${i}b`) },
            ],
          };
        });
        return { status: 200, body: page(results) };
      },
    },
    {
      method: 'POST',
      pattern: /^\/v1\/checkins\/([0-9a-f-]{36})\/responses\/$/,
      handle(request) {
        if (!authorized(request.headers)) return denied;
        const userUuid = request.json?.user_uuid;
        const answers = request.json?.responses;
        if (typeof userUuid !== 'string' || !Array.isArray(answers)) {
          return { status: 400, body: { user_uuid: ['This field is required.'] } };
        }
        const who = user(userUuid);
        return {
          status: 201,
          body: {
            uuid: randomUUID(),
            user: { uuid: who.uuid, full_name: who.full_name },
            created_at: new Date().toISOString(),
            responses: answers,
          },
        };
      },
    },
  ];
}

export function dailybotServerError(): StandinReply {
  return { status: 500, body: { detail: 'A server error occurred.' } };
}
