import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { BotConfig } from '../config.js';
import { type ConversationState, TURN_PREFIX, type TurnItem } from './tables.js';

/** Creates the state of a first-time user; a concurrent first message of the same user loses quietly. */
export async function createState(
  db: DynamoDBDocumentClient,
  config: BotConfig,
  state: ConversationState,
): Promise<void> {
  try {
    await db.send(
      new PutCommand({ TableName: config.statesTable, Item: state, ConditionExpression: 'attribute_not_exists(pk)' }),
    );
  } catch (error) {
    if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
  }
}

/** Writes the updated state (guarded by the turn count read) and appends the turn to the log. */
export async function saveTurn(
  db: DynamoDBDocumentClient,
  config: BotConfig,
  state: ConversationState,
  previousTurnCount: number,
  turn: Omit<TurnItem, 'pk' | 'sk'>,
): Promise<void> {
  try {
    await db.send(
      new PutCommand({
        TableName: config.statesTable,
        Item: state,
        ConditionExpression: 'attribute_not_exists(pk) OR turnCount = :previous',
        ExpressionAttributeValues: { ':previous': previousTurnCount },
      }),
    );
  } catch (error) {
    // Another message of the same user won the race: its state stands, this turn is still logged.
    if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
  }
  await db.send(
    new PutCommand({
      TableName: config.statesTable,
      Item: { pk: state.pk, sk: `${TURN_PREFIX}${turn.at}#${turn.eventId}`, ...turn },
    }),
  );
}
