import type { RecommendationId } from '../analyzers/findings.js';

/** Title of each recommendation id; the anchor in docs/recommendations.md is the id itself. */
export const RECOMMENDATION_TITLES: Record<RecommendationId, string> = {
  'dynamodb-batch-reads': 'Batch sequential DynamoDB reads (BatchGetItem)',
  'dynamodb-batch-writes': 'Batch sequential DynamoDB writes (BatchWriteItem)',
  'dynamodb-parallelize': 'Run independent DynamoDB calls in parallel',
  'dynamodb-scan-to-query': 'Replace Scan / filter-heavy Query with a Query on a fitting index',
  'dynamodb-projection': 'Fetch only the attributes you use (ProjectionExpression)',
  'dynamodb-slow-operation': 'Look into slow DynamoDB calls (over 100 ms)',
  'dynamodb-cache-reads': 'Cache repeated identical DynamoDB reads',
  'http-parallelize': 'Run independent downstream calls in parallel',
  'http-keep-alive': 'Reuse connections (keep-alive)',
  'http-slow-dependency': 'Reduce time waiting on a slow dependency',
  'http-retries': 'Cut retries and throttling',
  'http-timeouts': 'Set client timeouts below the function timeout',
  'init-heavy-import': 'Trim or defer heavy imports',
  'init-lazy-load': 'Load rarely used modules on first use',
  'init-bundle': 'Bundle and minify the deployment package',
  'init-sdk-clients': 'Slim AWS SDK clients and their first-call setup',
  'memory-right-size': 'Right-size the memory setting',
  arm64: 'Switch to arm64 (Graviton)',
  'memory-leak': 'Fix memory growth across invocations',
  'memory-heavy-operation': 'Reduce memory-heavy operations',
  'cpu-hot-function': 'Optimize CPU-bound code on the critical path',
  'timeout-headroom': 'Fix timeout headroom',
  errors: 'Fix failing invocations',
};

export const RECOMMENDATION_IDS = Object.keys(RECOMMENDATION_TITLES) as RecommendationId[];
