import { formatLocation, type InputLocation } from '../cli/errors.js';

/**
 * Warnings (bad records, skipped and counted) and notes (what the report could not support) collected
 * while reading. Nothing here prints: the command decides what reaches stderr.
 */
export class Diagnostics {
  readonly warnings: string[] = [];
  warningCount = 0;
  private readonly noteSet = new Set<string>();
  private readonly maxKept: number;

  constructor(maxKept = 50) {
    this.maxKept = maxKept;
  }

  /** Told each warning as it comes (a command prints them). */
  listener: ((line: string) => void) | undefined;

  /** One bad record: skipped, counted, the first few kept as `file:line: field: message`. */
  warn(location: InputLocation, message: string): void {
    this.warningCount++;
    const where = this.warnings.length < this.maxKept || this.listener ? formatLocation(location) : '';
    const line = where ? `${where}: ${message}` : message;
    if (this.warnings.length < this.maxKept) this.warnings.push(line);
    this.listener?.(line);
  }

  note(message: string): void {
    this.noteSet.add(message);
  }

  get notes(): string[] {
    return [...this.noteSet];
  }
}
