/** Writing private keys: owner-only from the first byte, never over an existing file. */
import { chmodSync, closeSync, constants, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { CliError, EXIT } from './errors.js';

export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/**
 * Creates `path` with mode 0600 and writes the key. O_EXCL: an existing file is an error, so a
 * key is never silently replaced. Errors name the path only.
 */
export function writePrivateKey(path: string, pem: string): void {
  ensurePrivateDir(dirname(path));
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`cannot create key file ${path}: ${code === 'EEXIST' ? 'it already exists' : (code ?? 'unknown error')}`, EXIT.usage, 'choose another path with --out');
  }
  try {
    writeSync(fd, pem.endsWith('\n') ? pem : `${pem}\n`);
  } finally {
    closeSync(fd);
  }
  // The umask cannot widen 0600, but a filesystem that ignores modes at create time can be told again.
  if (process.platform !== 'win32') chmodSync(path, 0o600);
}
