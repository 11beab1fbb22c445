import { readFile } from 'node:fs/promises';
import { decodeText } from '../readers/text-encoding.js';
import { InputError } from './errors.js';

/**
 * Reads a whole input file as text (UTF-8, or UTF-16 with a byte-order mark; the mark left out); a
 * missing or unreadable file is one clear InputError.
 */
export async function readInputText(file: string): Promise<string> {
  try {
    return decodeText(await readFile(file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? 'file not found' : `cannot read: ${code ?? String(error)}`, { file });
  }
}
