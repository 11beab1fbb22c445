import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { BotConfig } from '../config.js';
import type { HttpClient } from '../http/client.js';
import type { BotMessage, Intent } from '../model.js';
import type { DailyBot } from '../services/dailybot.js';
import type { OpenAi } from '../services/openai.js';
import type { ChannelConfig, ConversationState, TurnSummary } from '../store/tables.js';
import type { LoadWorkbookLibrary } from './workbook.js';

export interface FlowDeps {
  config: BotConfig;
  db: DynamoDBDocumentClient;
  http: HttpClient;
  dailybot: DailyBot;
  openai: OpenAi;
  loadWorkbookLibrary: LoadWorkbookLibrary;
}

export interface FlowInput {
  message: BotMessage;
  state: ConversationState;
  isNewUser: boolean;
  channel: ChannelConfig | undefined;
  team: ChannelConfig | undefined;
  /** Newest first. */
  turns: TurnSummary[];
}

export interface FlowResult {
  text: string;
  /** Prompt context sent to the assistant, kept on the turn. */
  context?: string;
  tokens?: number;
  model?: string;
  onboardingStep?: string;
  dailybotUserUuid?: string;
  /** Set when a dependency failed and the bot answered with a fallback. */
  degraded?: string;
}

export interface Flow {
  intent: Intent;
  /** Slow flows make Discord wait: they acknowledge first and answer with a follow-up. */
  slow: boolean;
  run(input: FlowInput, deps: FlowDeps): Promise<FlowResult>;
}
