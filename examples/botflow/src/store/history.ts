import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { BotConfig } from '../config.js';
import { TURN_PREFIX, type TurnSummary } from './tables.js';

/** The user's latest turns, newest first: used to drop redelivered events and as assistant context. */
export async function loadRecentTurns(
  db: DynamoDBDocumentClient,
  config: BotConfig,
  pk: string,
  limit = 20,
): Promise<TurnSummary[]> {
  const base = {
    TableName: config.statesTable,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :turn)',
    ExpressionAttributeValues: { ':pk': pk, ':turn': TURN_PREFIX },
    ScanIndexForward: false,
    Limit: limit,
  };
  // Planted (dynamodb-projection): no projection, so every turn comes back with its raw webhook payload
  // and prompt context, kilobytes per item of which the bot reads five short fields.
  const command = config.fixes.has('dynamodb-projection')
    ? new QueryCommand({
        ...base,
        ProjectionExpression: '#eventId, #at, #intent, #text, #reply',
        ExpressionAttributeNames: {
          '#eventId': 'eventId',
          '#at': 'at',
          '#intent': 'intent',
          '#text': 'text',
          '#reply': 'reply',
        },
      })
    : new QueryCommand(base);
  const result = await db.send(command);
  return (result.Items ?? []).map((item) => ({
    eventId: String(item.eventId),
    at: String(item.at),
    intent: String(item.intent),
    text: String(item.text),
    reply: String(item.reply),
  }));
}
