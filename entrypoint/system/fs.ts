// Small file-system helpers: existence, links, and reading files that may be anything (a FIFO, /dev/zero, huge).
import { constants } from 'node:fs';
import { access, lstat, open, readdir } from 'node:fs/promises';
import { UsageError } from '../errors.js';

export async function pathExists(p: string): Promise<boolean> {
  try {
    await access(p);
    return true;
  } catch {
    return false;
  }
}

export async function isSymlink(p: string): Promise<boolean> {
  try {
    return (await lstat(p)).isSymbolicLink();
  } catch {
    return false;
  }
}

/** The most a host text file the program reads may hold (configuration, products, os-release, repositories). */
export const MAX_TEXT_BYTES = 4 * 1024 * 1024;

/** A file that cannot be read as text: not a regular file, or too large. The message names the file and what it is. */
export class UnreadableFileError extends UsageError {
  override name = 'UnreadableFileError';
}

function kindOf(st: {
  isDirectory(): boolean;
  isFIFO(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSocket(): boolean;
}): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * A regular file's text, read up to `maxBytes`: a FIFO or a device is refused before a byte is read (opening
 * does not wait for a writer), and a larger file is refused instead of filling memory. No input has no end.
 */
/** Read beyond the size a file reports: it may have grown, and /proc files report 0. */
const READ_SLACK = 64 * 1024;

export async function readTextFile(file: string, maxBytes = MAX_TEXT_BYTES): Promise<string> {
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw new UnreadableFileError(`${file} is ${kindOf(st)}, not a file`);
    if (st.size > maxBytes) throw new UnreadableFileError(`${file} is ${st.size} bytes, more than the ${maxBytes} it may have`);
    // Read in pieces of the size the file says it has (/proc files say 0): no buffer of maxBytes for each small file.
    const chunks: Buffer[] = [];
    let length = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(Math.max(st.size - length, 0) + READ_SLACK, maxBytes + 1 - length));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      length += bytesRead;
      if (length > maxBytes) throw new UnreadableFileError(`${file} grew beyond the ${maxBytes} bytes it may have`);
    }
    return Buffer.concat(chunks, length).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** A text file's content (see readTextFile), or undefined when it (or a directory on its path) does not exist. */
export async function readOptional(file: string, maxBytes = MAX_TEXT_BYTES): Promise<string | undefined> {
  try {
    return await readTextFile(file, maxBytes);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw err;
  }
}

/** The names in a directory, sorted; none when it is missing or unreadable. */
export async function listOptional(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch {
    return [];
  }
}
