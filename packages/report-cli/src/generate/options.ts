import type { Architecture, ReportSource } from '../contracts/report-types.js';
import type { InputFormat } from '../readers/detect.js';

/** Function facts that override what the inputs say. */
export interface FunctionConfigOverrides {
  name?: string;
  memoryMb?: number;
  architecture?: Architecture;
  timeoutS?: number;
}

/**
 * Options of the programmatic pipeline behind `lambda-profiler generate` (also used by
 * `generate --from-aws` after it downloaded AWS data to files).
 */
export interface GenerateOptions {
  /** X-Ray inputs: files or folders (any known format is accepted; content decides). */
  traces?: string[];
  /** Log inputs: files or folders. */
  logs?: string[];
  /** A `run` output folder (traces.ndjson, function.log, run.json). */
  runFolder?: string;
  /** Where the data came from; default `local` with a run folder, else `files`. */
  source?: ReportSource;
  functionConfig?: FunctionConfigOverrides;
  /** USD per GB-second of the function's architecture (default: us-east-1 first tier). */
  pricePerGbSecond?: number;
  /** USD per request (default $0.20 per million). */
  pricePerRequest?: number;
  /** Volume for the $/month figures (default: observed from REPORT lines over ≥ 10 minutes). */
  invocationsPerMonth?: number;
  /** Forces the format of inputs instead of detecting it (applies to inputs of its kind). */
  inputFormat?: InputFormat | InputFormat[];
  /** Notes added to the report (e.g. what an AWS download left out). */
  notes?: string[];
  /** Fixed report time (tests, reproducible output); default now. */
  generatedAt?: Date | string;
  /** Trace assembly window, in documents. */
  assembly?: { windowDocs?: number; graceDocs?: number };
  /**
   * Stop V8's young generation from growing past 16 MB a semi-space while the inputs are read: less
   * memory and a few percent faster on large inputs (src/generate/young-generation.ts). It sets a V8
   * flag for the process while generateReport runs, so it is off unless asked for; the CLI asks.
   */
  capYoungGeneration?: boolean;
  /** Told how far the inputs have been read (a status line for large inputs). */
  onProgress?: (progress: ReadProgress) => void;
  /** Called for each bad record (already formatted `file:line: field: message`). */
  onWarning?: (line: string) => void;
}

/** How far `generate` has read its inputs. */
export interface ReadProgress {
  /** The pass: the logs are read first, then the traces. */
  phase: 'logs' | 'traces';
  /** Bytes of the pass's inputs read so far (compressed bytes for gzip; a whole-file JSON input counts once read). */
  bytesDone: number;
  bytesTotal: number;
  /** REPORT lines (logs) or X-Ray documents (traces) read so far. */
  records: number;
}

export type ReportFormat = 'md' | 'json';
export const REPORT_FORMATS: readonly ReportFormat[] = ['md', 'json'];
