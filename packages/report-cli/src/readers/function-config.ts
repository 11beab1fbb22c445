import { InputError } from '../cli/errors.js';
import type { Architecture } from '../contracts/report-types.js';
import { parseJsonFile } from './json-file.js';

/** What the report needs to know about the function; any field may be unknown. */
export interface FunctionConfig {
  name?: string;
  memoryMb?: number;
  architecture?: Architecture;
  timeoutS?: number;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `aws lambda get-function-configuration` output (or `get-function`'s `Configuration`). */
export function functionConfigFromValue(value: unknown, file: string): FunctionConfig {
  const config = isObject(value) && isObject(value.Configuration) ? value.Configuration : value;
  if (!isObject(config) || typeof config.FunctionName !== 'string')
    throw new InputError('missing or not a string', { file, field: 'FunctionName' });
  const out: FunctionConfig = { name: config.FunctionName };
  if (config.MemorySize !== undefined) {
    if (typeof config.MemorySize !== 'number' || config.MemorySize < 128 || config.MemorySize > 10240)
      throw new InputError('not a memory size in MB (128–10240)', { file, field: 'MemorySize' });
    out.memoryMb = config.MemorySize;
  }
  if (config.Timeout !== undefined) {
    if (typeof config.Timeout !== 'number' || config.Timeout <= 0 || config.Timeout > 900)
      throw new InputError('not a timeout in seconds (1–900)', { file, field: 'Timeout' });
    out.timeoutS = config.Timeout;
  }
  const arch = Array.isArray(config.Architectures) ? config.Architectures[0] : undefined;
  if (arch === 'arm64' || arch === 'x86_64') out.architecture = arch;
  else if (config.Architectures !== undefined)
    throw new InputError('expected ["x86_64"] or ["arm64"]', { file, field: 'Architectures' });
  return out;
}

export async function readFunctionConfig(file: string): Promise<FunctionConfig> {
  return functionConfigFromValue(await parseJsonFile(file), file);
}
