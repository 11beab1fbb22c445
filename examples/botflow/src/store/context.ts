import { BatchGetCommand, type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { BotConfig } from '../config.js';
import { type BotMessage, channelKey, teamConfigKey, userKey } from '../model.js';
import { type ChannelConfig, type ConversationState, STATE_SK } from './tables.js';

export interface MessageContext {
  state: ConversationState | undefined;
  channel: ChannelConfig | undefined;
  team: ChannelConfig | undefined;
}

/** The user's state, the channel's configuration and the workspace's defaults: three independent reads. */
export async function loadContext(
  db: DynamoDBDocumentClient,
  config: BotConfig,
  message: BotMessage,
): Promise<MessageContext> {
  const stateKey = { pk: userKey(message), sk: STATE_SK };
  const channelItemKey = { channelKey: channelKey(message) };
  const teamItemKey = { channelKey: teamConfigKey(message) };

  if (!config.fixes.has('dynamodb-batch-reads')) {
    // Planted (dynamodb-batch-reads): three GetItems awaited one after another, three round trips
    // on every message where one BatchGetItem would do.
    const state = await db.send(new GetCommand({ TableName: config.statesTable, Key: stateKey }));
    const channel = await db.send(new GetCommand({ TableName: config.channelsTable, Key: channelItemKey }));
    const team = await db.send(new GetCommand({ TableName: config.channelsTable, Key: teamItemKey }));
    return {
      state: state.Item as ConversationState | undefined,
      channel: channel.Item as ChannelConfig | undefined,
      team: team.Item as ChannelConfig | undefined,
    };
  }

  // The fix: one BatchGetItem across both tables; unprocessed keys are retried (they are rare).
  let request: Record<string, { Keys: Record<string, unknown>[] }> = {
    [config.statesTable]: { Keys: [stateKey] },
    [config.channelsTable]: { Keys: [channelItemKey, teamItemKey] },
  };
  const found: Record<string, unknown>[] = [];
  for (let attempt = 0; attempt < 4 && Object.keys(request).length > 0; attempt++) {
    const result = await db.send(new BatchGetCommand({ RequestItems: request }));
    for (const items of Object.values(result.Responses ?? {})) found.push(...items);
    request = (result.UnprocessedKeys ?? {}) as typeof request;
  }
  const byChannelKey = (key: string) => found.find((item) => item.channelKey === key) as ChannelConfig | undefined;
  return {
    state: found.find((item) => item.pk === stateKey.pk && item.sk === STATE_SK) as ConversationState | undefined,
    channel: byChannelKey(channelItemKey.channelKey),
    team: byChannelKey(teamItemKey.channelKey),
  };
}
