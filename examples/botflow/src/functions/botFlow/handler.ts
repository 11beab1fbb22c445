import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { instrumentAWSClient, profiler, profilerPlugin } from '@lambda-profiler/middleware';
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

// Every AWS SDK v3 client through instrumentAWSClient (X-Ray subsegments plus the call shapes).
const db = createDocumentClient(config, (client) => instrumentAWSClient(client, { tracer }));
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

/**
 * Powertools first (they open the handler subsegment and flush EMF), the profiler innermost so it writes
 * onto the still-open subsegment and into the same flush; the plugin times every middleware.
 */
export const handler = middy(app, profilerPlugin())
  .use(captureLambdaHandler(tracer, { captureResponse: false }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }))
  .use(
    profiler({
      tracer,
      metrics,
      // Production: empty (real API hosts are known); locally: stand-in addresses → service names.
      hosts: config.serviceHosts,
      annotate: (event) => botflowAnnotations(event as FunctionUrlEvent),
    }),
  );
