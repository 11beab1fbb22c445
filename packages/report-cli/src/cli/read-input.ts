import { readFile } from 'node:fs/promises';
import { InputError } from './errors.js';

/** Reads a whole input file as UTF-8; a missing or unreadable file is one clear InputError. */
export async function readInputText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? 'file not found' : `cannot read: ${code ?? String(error)}`, { file });
  }
}
