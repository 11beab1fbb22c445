import { span } from '@lambda-profiler/middleware';
import { FLOWS } from './flows/index.js';
import { applyTurn } from './flows/state-update.js';
import type { FlowDeps, FlowResult } from './flows/types.js';
import { empty, type FunctionUrlEvent, type FunctionUrlResult, text, toWebhookRequest } from './http/function-url.js';
import { type BotMessage, userKey } from './model.js';
import { platformForPath } from './platforms/index.js';
import type { PlatformAdapter } from './platforms/types.js';
import { loadContext } from './store/context.js';
import { loadRecentTurns } from './store/history.js';
import { createState, saveTurn } from './store/states.js';
import { type ConversationState, type MemoryEntry, STATE_SK } from './store/tables.js';

export interface BotAppDeps extends FlowDeps {
  /** Adds a trace annotation (searchable in X-Ray, a breakdown in the report). */
  annotate(key: string, value: string | boolean): void;
  /** Counts an application metric. */
  count(metric: 'Messages' | 'DegradedReplies' | 'RejectedRequests'): void;
}

export type WebhookHandler = (event: FunctionUrlEvent) => Promise<FunctionUrlResult>;

function newState(message: BotMessage, at: string): ConversationState {
  return {
    pk: userKey(message),
    sk: STATE_SK,
    platform: message.platform,
    teamId: message.teamId,
    userId: message.userId,
    userName: message.userName,
    locale: 'en',
    createdAt: at,
    updatedAt: at,
    turnCount: 0,
    lastIntent: 'none',
    memory: [],
    summary: '',
    preferences: { language: 'en', timezone: 'UTC', notifications: true, standupReminder: '09:30' },
    onboarding: { completed: false, steps: [] },
  };
}

function words(text: string): number {
  return text.split(/\s+/).filter((word) => word !== '').length;
}

function memoryEntry(
  role: MemoryEntry['role'],
  textValue: string,
  message: BotMessage,
  at: string,
  latencyMs: number,
  model?: string,
): MemoryEntry {
  return {
    role,
    text: textValue,
    at,
    intent: message.intent,
    tokens: Math.ceil(words(textValue) * 1.3),
    meta: { platform: message.platform, eventId: message.eventId, latencyMs, ...(model ? { model } : {}) },
  };
}

/**
 * The webhook function: authenticate, parse into one message model, load the conversation, run the
 * flow, save the turn, reply through the platform's API. Invalid requests get a 4xx; dependency failures
 * of the chat flows get a polite fallback; a DynamoDB failure (throttling after the SDK's retries)
 * is thrown so Lambda reports it and the platform redelivers.
 */
export function createBotApp(deps: BotAppDeps): WebhookHandler {
  async function handleMessage(adapter: PlatformAdapter, message: BotMessage, rawBody: string) {
    const started = Date.now();
    deps.annotate('flow', message.intent);
    const context = await span('load-context', () => loadContext(deps.db, deps.config, message));
    const turns = await span('recent-turns', () => loadRecentTurns(deps.db, deps.config, userKey(message)));
    // Slack and Teams redeliver when an answer is slow: answer each event once.
    if (turns.some((turn) => turn.eventId === message.eventId)) return empty(200);

    const isNewUser = context.state === undefined;
    deps.annotate('newUser', isNewUser);
    const state = context.state ?? newState(message, new Date(started).toISOString());
    if (isNewUser) await span('create-state', () => createState(deps.db, deps.config, state));

    const flow = FLOWS[message.intent];
    let acknowledged = false;
    if (flow.slow && adapter.acknowledge !== undefined) {
      await span('acknowledge', () => adapter.acknowledge?.(message, deps));
      acknowledged = true;
    }
    const result: FlowResult = await span(`flow ${message.intent}`, () =>
      flow.run({ message, state, isNewUser, channel: context.channel, team: context.team, turns }, deps),
    );
    if (result.degraded !== undefined) {
      deps.annotate('degraded', result.degraded);
      deps.count('DegradedReplies');
    }

    const at = new Date().toISOString();
    const latencyMs = Date.now() - started;
    const { state: next } = span('apply-turn', () =>
      applyTurn(state, {
        user: memoryEntry('user', message.text, message, message.receivedAt, 0),
        assistant: memoryEntry('assistant', result.text, message, at, latencyMs, result.model),
        intent: message.intent,
        at,
        onboardingStep: result.onboardingStep,
        dailybotUserUuid: result.dailybotUserUuid,
        fixes: deps.config.fixes,
      }),
    );
    await span('save-turn', () =>
      saveTurn(deps.db, deps.config, next, state.turnCount, {
        eventId: message.eventId,
        at,
        intent: message.intent,
        text: message.text,
        reply: result.text,
        raw: rawBody,
        context: result.context ?? '',
        tokens: result.tokens ?? 0,
        latencyMs,
      }),
    );
    deps.count('Messages');
    return span('deliver', () => adapter.deliver(message, result.text, deps, acknowledged));
  }

  return async function handleWebhook(event) {
    const request = toWebhookRequest(event);
    const adapter = platformForPath(request.path);
    if (adapter === undefined) return text(404, 'not found');
    if (request.method !== 'POST') return { ...text(405, 'method not allowed'), headers: { allow: 'POST' } };
    const verdict = await adapter.verify(request, deps);
    if (!verdict.ok) {
      deps.annotate('rejected', `${verdict.status}`);
      deps.count('RejectedRequests');
      console.warn(JSON.stringify({ level: 'WARN', msg: 'rejected', platform: adapter.platform, why: verdict.reason }));
      return text(verdict.status, verdict.reason);
    }
    const parsed = adapter.parse(request, verdict);
    switch (parsed.kind) {
      case 'respond':
        return parsed.result;
      case 'ignore':
        return empty(200);
      case 'invalid':
        deps.annotate('rejected', `${parsed.status}`);
        deps.count('RejectedRequests');
        console.warn(JSON.stringify({ level: 'WARN', msg: 'invalid', platform: adapter.platform, why: parsed.reason }));
        return text(parsed.status, parsed.reason);
      case 'message':
        return handleMessage(adapter, parsed.message, request.rawBody);
    }
  };
}
