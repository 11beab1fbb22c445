import { UsageError } from '../cli/errors.js';

/** commander argument parsers that turn a bad value into a usage error (exit 2) naming the flag. */
export function integerOption(flag: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new UsageError(`${flag}: expected an integer from ${min} to ${max}, got '${value}'`);
    }
    return n;
  };
}

export function numberOption(flag: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n <= min || n > max) {
      throw new UsageError(`${flag}: expected a number above ${min} and at most ${max}, got '${value}'`);
    }
    return n;
  };
}
