import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { InputError } from '../cli/errors.js';
import { decodeText } from '../readers/text-encoding.js';

const NDJSON = new Set(['.ndjson', '.jsonl']);

function parseNdjson(file: string, text: string): unknown[] {
  const events: unknown[] = [];
  const lines = text.split('\n');
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '') continue;
    try {
      events.push(JSON.parse(line));
    } catch (error) {
      throw new InputError(`not valid JSON: ${(error as Error).message}`, { file, line: index + 1 }, error);
    }
  }
  return events;
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`not valid JSON: ${(error as Error).message}`, { file }, error);
  }
}

function readFile(file: string): unknown[] {
  const text = decodeText(readFileSync(file));
  return extname(file) === '.json' ? [parseJson(file, text)] : parseNdjson(file, text);
}

/**
 * Events from `--events`: an NDJSON file (one event a line), a `.json` file (one event), or a folder
 * of those (files in name order; other files skipped).
 */
export function readEvents(path: string): unknown[] {
  let stats: ReturnType<typeof statSync>;
  try {
    stats = statSync(path);
  } catch {
    throw new InputError('no such file or folder', { file: path, field: '--events' });
  }
  const events: unknown[] = [];
  if (stats.isDirectory()) {
    const files = readdirSync(path)
      .filter((name) => extname(name) === '.json' || NDJSON.has(extname(name)))
      .sort();
    for (const name of files) events.push(...readFile(join(path, name)));
  } else {
    events.push(...readFile(path));
  }
  if (events.length === 0) throw new InputError('no events found', { file: path, field: '--events' });
  return events;
}
