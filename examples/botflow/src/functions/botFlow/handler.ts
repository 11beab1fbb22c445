import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import { createBotApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import { prepareWorkbookLibrary } from '../../flows/workbook.js';
import { createHttpClient } from '../../http/client.js';
import type { FunctionUrlEvent } from '../../http/function-url.js';
import { createDailyBot } from '../../services/dailybot.js';
import { createOpenAi } from '../../services/openai.js';
import { createDocumentClient } from '../../store/dynamodb.js';
import { botflowAnnotations } from './annotations.js';

const config = loadConfig(process.env);
const tracer = new Tracer({ serviceName: 'botFlow' });
const metrics = new Metrics({ namespace: 'Botflow', serviceName: 'botFlow' });

const db = createDocumentClient(config, (client) => tracer.captureAWSv3Client(client));
const http = createHttpClient({ keepAlive: config.fixes.has('http-keep-alive'), timeoutMs: config.httpTimeoutMs });
const loadWorkbookLibrary = await prepareWorkbookLibrary(config.fixes.has('init-lazy-load'));

const app = createBotApp({
  config,
  db,
  http,
  dailybot: createDailyBot(config, http),
  openai: createOpenAi(config, http),
  loadWorkbookLibrary,
  annotate: (key, value) => tracer.putAnnotation(key, value),
  count: (metric) => metrics.addMetric(metric, MetricUnit.Count, 1),
});

/** Platform and scenario on every trace (the profiler's `annotate` option takes this over). */
const annotateRequest = {
  before: async function botflowAnnotateBefore(request: { event: FunctionUrlEvent }) {
    for (const [key, value] of Object.entries(botflowAnnotations(request.event))) tracer.putAnnotation(key, value);
  },
};

export const handler = middy(app)
  .use(captureLambdaHandler(tracer, { captureResponse: false }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }))
  .use(annotateRequest);
