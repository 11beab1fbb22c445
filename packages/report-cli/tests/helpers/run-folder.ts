import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunManifest } from '../../src/contracts/run-folder.js';

export interface XRayDocument {
  id: string;
  name: string;
  trace_id?: string;
  parent_id?: string;
  origin?: string;
  type?: string;
  start_time: number;
  end_time?: number;
  fault?: boolean;
  aws?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
  metadata?: Record<string, Record<string, unknown>>;
  subsegments?: XRayDocument[];
}

export interface ReportFields {
  requestId: string;
  fields: Record<string, string>;
}

export function readTraces(dir: string): XRayDocument[] {
  return readFileSync(join(dir, 'traces.ndjson'), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as XRayDocument);
}

export function readLog(dir: string): string[] {
  return readFileSync(join(dir, 'function.log'), 'utf8').trimEnd().split('\n');
}

export function readManifest(dir: string): RunManifest {
  return JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunManifest;
}

/** REPORT lines split into `name: value` fields. */
export function reports(log: string[]): ReportFields[] {
  return log
    .filter((line) => line.startsWith('REPORT RequestId: '))
    .map((line) => {
      const fields: Record<string, string> = {};
      for (const part of line.slice('REPORT '.length).split('\t')) {
        const colon = part.indexOf(': ');
        fields[part.slice(0, colon)] = part.slice(colon + 2);
      }
      return { requestId: fields.RequestId ?? '', fields };
    });
}

/** The service's two documents and the handler's subsegments of one invocation. */
export function invocationDocuments(traces: XRayDocument[], requestId: string) {
  const service = traces.find((d) => d.origin === 'AWS::Lambda' && d.aws?.request_id === requestId);
  if (!service) throw new Error(`no AWS::Lambda segment for ${requestId}`);
  const fn = traces.find((d) => d.origin === 'AWS::Lambda::Function' && d.parent_id === service.id);
  if (!fn) throw new Error(`no AWS::Lambda::Function segment under ${service.id}`);
  const own = traces.filter((d) => d.type === 'subsegment' && d.trace_id === service.trace_id);
  return { service, fn, own };
}
