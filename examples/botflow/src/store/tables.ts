/**
 * The two tables, described once: the local stand-in creates them from this, serverless.yml declares
 * the same keys. `states` holds one `STATE` item per user plus `TURN#…` items (the conversation log);
 * `channels` holds one item per channel plus one `team` item per workspace, with a GSI by platform and team.
 */
export const STATES_KEY = { partition: 'pk', sort: 'sk' } as const;
export const CHANNELS_KEY = { partition: 'channelKey' } as const;
export const CHANNELS_BY_TEAM = { partition: 'platform', sort: 'teamId' } as const;

export const STATE_SK = 'STATE';
export const TURN_PREFIX = 'TURN#';

export interface MemoryEntry {
  role: 'user' | 'assistant';
  text: string;
  at: string;
  intent: string;
  tokens: number;
  meta: { platform: string; eventId: string; latencyMs: number; model?: string };
}

export interface ConversationState {
  pk: string;
  sk: typeof STATE_SK;
  platform: string;
  teamId: string;
  userId: string;
  userName: string;
  locale: string;
  createdAt: string;
  updatedAt: string;
  turnCount: number;
  lastIntent: string;
  dailybotUserUuid?: string;
  /** Rolling conversation memory fed to the assistant; the bulk of the item. */
  memory: MemoryEntry[];
  /** The memory rendered for prompts, refreshed on every turn. */
  summary: string;
  preferences: { language: string; timezone: string; notifications: boolean; standupReminder: string };
  onboarding: { completed: boolean; steps: string[] };
}

export interface StandupConfig {
  enabled: boolean;
  time: string;
  timezone: string;
  dailybotCheckinUuid: string;
  questions: string[];
}

export interface ChannelConfig {
  channelKey: string;
  kind: 'channel' | 'team';
  platform: string;
  teamId: string;
  channelId: string;
  name: string;
  members: string[];
  standup?: StandupConfig;
  settings: { language: string; assistantEnabled: boolean; exportEnabled: boolean; welcomeMessage: string };
  createdAt: string;
}

export interface TurnItem {
  pk: string;
  sk: string;
  eventId: string;
  at: string;
  intent: string;
  text: string;
  reply: string;
  /** The webhook payload as received, kept "for debugging": what makes these items large. */
  raw: string;
  /** The prompt context sent to the assistant, if any. */
  context: string;
  tokens: number;
  latencyMs: number;
}

/** What the bot needs from a turn: everything but `raw` and `context`. */
export type TurnSummary = Pick<TurnItem, 'eventId' | 'at' | 'intent' | 'text' | 'reply'>;
