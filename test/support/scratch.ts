// Temporary folders for tests, removed when the test process exits, whether the tests pass or
// fail. Removing them at exit rather than after each test also takes away what a workspace's
// quiet-period snapshot writes into a folder after its test is over (the timer is unref'd, so
// it fires while later tests run and makes the folder again).

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const made: string[] = [];

/** A new empty folder under the system's temporary directory, its name starting with `prefix`. */
export function scratchFolder(prefix: string): string {
  if (made.length === 0) process.once('exit', removeAll);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(folder);
  return folder;
}

function removeAll(): void {
  for (const folder of made) fs.rmSync(folder, { recursive: true, force: true });
}
