import { type DynamoDBDocumentClient, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { BotConfig } from '../config.js';
import type { ChannelConfig } from './tables.js';

/** Channels of one workspace that run a standup (for onboarding and check-in replies). */
export async function listStandupChannels(
  db: DynamoDBDocumentClient,
  config: BotConfig,
  platform: string,
  teamId: string,
): Promise<ChannelConfig[]> {
  const channels: ChannelConfig[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    // Planted (dynamodb-scan-to-query): the whole table is read and filtered, although the
    // platform-team GSI answers exactly this question with a Query.
    const command = config.fixes.has('dynamodb-scan-to-query')
      ? new QueryCommand({
          TableName: config.channelsTable,
          IndexName: config.channelsByTeamIndex,
          KeyConditionExpression: '#platform = :platform AND teamId = :team',
          FilterExpression: '#kind = :channel AND standup.enabled = :on',
          ExpressionAttributeNames: { '#platform': 'platform', '#kind': 'kind' },
          ExpressionAttributeValues: { ':platform': platform, ':team': teamId, ':channel': 'channel', ':on': true },
          ExclusiveStartKey: startKey,
        })
      : new ScanCommand({
          TableName: config.channelsTable,
          FilterExpression: '#platform = :platform AND teamId = :team AND #kind = :channel AND standup.enabled = :on',
          ExpressionAttributeNames: { '#platform': 'platform', '#kind': 'kind' },
          ExpressionAttributeValues: { ':platform': platform, ':team': teamId, ':channel': 'channel', ':on': true },
          ExclusiveStartKey: startKey,
        });
    const page = await db.send(command);
    channels.push(...((page.Items ?? []) as ChannelConfig[]));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return channels;
}
