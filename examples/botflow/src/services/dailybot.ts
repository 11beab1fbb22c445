import type { BotConfig } from '../config.js';
import type { HttpClient } from '../http/client.js';

/** The parts of DailyBot's public API (v1, `X-API-KEY` auth, paginated lists) the check-in flow uses. */
export interface DailyBotUser {
  uuid: string;
  full_name: string;
  username: string;
  timezone: string;
  is_active: boolean;
}

export interface DailyBotCheckin {
  uuid: string;
  name: string;
  is_active: boolean;
  frequency: string;
  time: string;
  questions: { uuid: string; question: string; is_blocker: boolean }[];
}

export interface DailyBotResponse {
  uuid: string;
  user: { uuid: string; full_name: string };
  created_at: string;
  responses: { question_uuid: string; response: string }[];
}

interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

export interface DailyBot {
  findUser(externalId: string): Promise<DailyBotUser | undefined>;
  getUser(uuid: string): Promise<DailyBotUser>;
  listCheckins(userUuid: string): Promise<DailyBotCheckin[]>;
  listResponses(checkinUuid: string, date: string): Promise<DailyBotResponse[]>;
  submitResponse(checkinUuid: string, userUuid: string, answers: string[]): Promise<DailyBotResponse>;
}

export function createDailyBot(config: BotConfig, http: HttpClient): DailyBot {
  const base = `${config.dailybot.apiUrl}/v1`;
  const headers = { 'x-api-key': config.dailybot.apiKey };
  return {
    async findUser(externalId) {
      const { body } = await http.request<Page<DailyBotUser>>(
        `${base}/users/?external_id=${encodeURIComponent(externalId)}`,
        { headers },
      );
      return body.results[0];
    },
    async getUser(uuid) {
      return (await http.request<DailyBotUser>(`${base}/users/${uuid}/`, { headers })).body;
    },
    async listCheckins(userUuid) {
      const { body } = await http.request<Page<DailyBotCheckin>>(`${base}/checkins/?user=${userUuid}`, { headers });
      return body.results;
    },
    async listResponses(checkinUuid, date) {
      const url = `${base}/checkins/${checkinUuid}/responses/?date=${date}`;
      return (await http.request<Page<DailyBotResponse>>(url, { headers })).body.results;
    },
    async submitResponse(checkinUuid, userUuid, answers) {
      const { body } = await http.request<DailyBotResponse>(`${base}/checkins/${checkinUuid}/responses/`, {
        method: 'POST',
        headers,
        body: { user_uuid: userUuid, responses: answers.map((response, index) => ({ index, response })) },
      });
      return body;
    },
  };
}
