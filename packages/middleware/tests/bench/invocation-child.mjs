// Child process of the invocation benchmark: Lambda-like environment (set by the parent before the
// X-Ray SDK loads), real Tracer + Metrics, UDP to a local listener. One variant per process: the
// profiler's process-wide effects (redaction patches of dgram / stdout / console, diagnostics_channel
// subscriptions) and its deferred work (socket closes, GC of its documents) stay with the profiler
// variants; in one shared process they were charged to whichever variant ran next.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { profiler } from '@lambda-profiler/middleware';
import middy from '@middy/core';

const [, , outFile, variantName, countArg] = process.argv;
const count = Number(countArg);
const tracer = new Tracer();
const metrics = new Metrics();

function build(extra) {
  const app = async () => {
    metrics.addMetric('AppMetric', 'Count', 1);
    return { statusCode: 200 };
  };
  const h = middy(app).use(captureLambdaHandler(tracer)).use(logMetrics(metrics));
  return extra ? h.use(extra) : h;
}

// Built lazily: constructing a profiler installs its process-wide patches.
const VARIANTS = {
  baseline: () => build(),
  'profiler({ tracer, metrics })': () => build(profiler({ tracer, metrics })),
  'profiler({ enabled: false })': () => build(profiler({ enabled: false })),
  // Production: X-Ray traces ≈ 5 % of requests; the rest run with Sampled=0.
  'baseline, trace not sampled': () => build(),
  'profiler, trace not sampled': () => build(profiler({ tracer, metrics })),
};
const parent = randomBytes(8).toString('hex');
const root = `1-${Math.floor(Date.now() / 1000).toString(16)}-`;
let n = 0;
const context = { awsRequestId: 'bench', functionName: 'bench', getRemainingTimeInMillis: () => 30_000 };

async function once(handler, record, sampled = 1) {
  process.env._X_AMZN_TRACE_ID = `Root=${root}${(n++).toString(16).padStart(24, '0')};Parent=${parent};Sampled=${sampled}`;
  const t0 = performance.now();
  await handler({}, context);
  const t1 = performance.now();
  if (record) record.push((t1 - t0) * 1000);
}

if (outFile) {
  const handler = VARIANTS[variantName]();
  const sampled = variantName.includes('not sampled') ? 0 : 1;
  const samples = [];
  // Warm-up (includes the profiler's first, cold invocation). A macrotask turn after each invocation
  // lets the X-Ray SDK's UDP sends drain.
  for (let i = 0; i < 1000; i++) {
    await once(handler, null, sampled);
    await new Promise((resolve) => setImmediate(resolve));
  }
  for (let i = 0; i < count; i++) {
    await once(handler, samples, sampled);
    await new Promise((resolve) => setImmediate(resolve));
  }
  writeFileSync(outFile, JSON.stringify(samples));
}
