// Where a wikilink leads: `[[Event Sourcing]]` names a note by its file name (without `.md`,
// any case; `[[folder/Note]]` by the end of its path), else by a vault note's title or alias.
// Resolved at request time, so that a note created later mends the links to it.

import type { NotesIndex, TermEntry } from '../index/notesIndex';

export interface WikilinkTarget {
  uri: string;
  /** The target's term (a concept note's title), when it defines one: what a hover card shows. */
  entry?: TermEntry;
}

/** The note a wikilink names, or undefined when none of the indexed notes is it. */
export function resolveWikilink(index: NotesIndex, name: string): WikilinkTarget | undefined {
  const wanted = normalizeName(name);
  if (!wanted) return undefined;
  for (const uri of index.uris()) {
    const path = notePath(uri);
    if (path === wanted || path.endsWith(`/${wanted}`)) return { uri, entry: entryOf(index, uri, index.note(uri)?.vault?.title ?? name) };
  }
  // Not a file name: a vault note's title or alias (Obsidian itself wants the file name; Foam and others accept titles).
  for (const entry of index.lookupExact(name)) {
    const definition = entry.definitions.find((d) => d.format === 'concept' || d.format === 'note-definitions');
    if (definition) return { uri: definition.uri, entry };
  }
  return undefined;
}

/** The term a note defines under `title`, if that note defines it. */
function entryOf(index: NotesIndex, uri: string, title: string): TermEntry | undefined {
  return index.lookupExact(title).find((entry) => entry.definitions.some((d) => d.uri === uri));
}

/** A note's path without its extension, lower case, with `/` separators: what a link's name is compared with. */
function notePath(uri: string): string {
  let path = uri.replace(/[?#].*$/, '');
  try {
    path = decodeURIComponent(path);
  } catch {
    // Compared as written.
  }
  return normalizeName(path.replace(/\.(md|markdown)$/i, ''));
}

function normalizeName(name: string): string {
  return name.trim().replace(/\\/g, '/').replace(/\.(md|markdown)$/i, '').toLowerCase();
}
