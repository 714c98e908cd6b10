// `~` in a path an editor passes on: it starts the server from a list of arguments or from
// settings, with no shell to expand it. A module of its own, with only `node:` imports, so that
// the server's small entry (server/src/entry.ts) reads the same rule without the notes' finder.

import * as os from 'node:os';
import * as path from 'node:path';

/** `~` and `~/…` as the home folder and a path in it; any other path as it is. */
export function expandHome(entry: string): string {
  return entry === '~' ? os.homedir() : entry.startsWith('~/') || entry.startsWith('~\\') ? path.join(os.homedir(), entry.slice(2)) : entry;
}
