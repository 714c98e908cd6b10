// The author's reminders: pins (📍), to-dos (📝), podcasts (📻), and the groups of items that
// a line holding only a marker starts: books to read (📚), kept AI chats (🧠), and
// cross-references to other notes (🗄).

import type { Group, LineContent, ParseState } from './parseState';

/** Starts a group when the line holds only its marker: true when it did. */
export function readGroupMarker(state: ParseState, at: LineContent): boolean {
  const startsGroup = at.item || at.quote || at.ascii ? undefined : groupStartedBy(at.content);
  if (!startsGroup) return false;
  state.group = startsGroup;
  state.owner = undefined;
  return true;
}

/** The group that a line holding only a group marker starts (`🗄`, `📚`, `🧠`), if it is one. */
function groupStartedBy(content: string): Group | undefined {
  // Only a line that holds a marker can be one: the others are not copied.
  if (!content.includes('🗄') && !content.includes('📚') && !content.includes('🧠')) return undefined;
  const marker = content.replace(/\uFE0F/g, '').trim();
  return marker === '🗄' ? 'cross-references' : marker === '📚' ? 'books' : marker === '🧠' ? 'ai-chat' : undefined;
}

/** Keeps a reminder for each pin, to-do or podcast marker on the line: the text after it. */
export function readReminderMarkers(state: ParseState, at: LineContent): void {
  if (at.ascii) return;
  const { content, line } = at;
  if (content.includes('📍')) state.remind('pin', content.replace(/^.*?📍\s*/u, ''), line);
  if (content.includes('📝')) state.remind('todo', content.replace(/^.*?📝\s*/u, ''), line);
  if (content.includes('📻')) state.remind('podcast', content.replace(/^.*?📻\s*/u, ''), line);
}

/**
 * Reads an item of the open group, which belongs to the group rather than defining anything:
 * a book to read (a nested item is read as any other), an AI chat, or a cross-reference.
 * True when the item was the group's.
 */
export function readGroupItem(state: ParseState, at: LineContent): boolean {
  const group = state.group;
  if (group === 'books' && !at.nested) {
    state.remind('books', at.content, at.line);
    return true;
  }
  if (group === 'ai-chat') {
    state.remind('ai-chat', at.content, at.line);
    return true;
  }
  return group === 'cross-references' && at.crossReferences.length > 0;
}
