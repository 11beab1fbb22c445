import { statSync } from 'node:fs';
import type { ClassifiedInput } from './inputs.js';
import type { ReadProgress } from './options.js';

/**
 * How far one pass (logs, then traces) has read its inputs, told to an `onProgress` listener after
 * every read block of a line-by-line input (1 MB) or of a JSON file read one element at a time
 * (8 MB), and after every input. `onBlock` is also called after every block (the young generation's
 * cap looks at the heap there).
 */
export class ReadMeter {
  /** Bytes of the inputs finished so far. */
  private base = 0;
  private readonly total: number;
  /** Given to the line readers; undefined without a listener or onBlock, so nothing runs per block. */
  readonly onBytes: ((bytesRead: number) => void) | undefined;

  constructor(
    private readonly phase: ReadProgress['phase'],
    inputs: readonly ClassifiedInput[],
    private readonly records: () => number,
    private readonly listener: ((progress: ReadProgress) => void) | undefined,
    onBlock?: () => void,
  ) {
    this.total = listener ? inputs.reduce((sum, input) => sum + sizeOf(input.path), 0) : 0;
    const tell = listener ? (bytesRead: number) => this.tell(this.base + bytesRead) : undefined;
    this.onBytes =
      onBlock && tell
        ? (bytesRead) => {
            onBlock();
            tell(bytesRead);
          }
        : (tell ?? onBlock);
  }

  /** An input was read to its end. */
  done(input: ClassifiedInput): void {
    if (!this.listener) return;
    this.base += sizeOf(input.path);
    this.tell(this.base);
  }

  private tell(bytesDone: number): void {
    this.listener?.({
      phase: this.phase,
      bytesDone: Math.min(bytesDone, this.total),
      bytesTotal: this.total,
      records: this.records(),
    });
  }
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
