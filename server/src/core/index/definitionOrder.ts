// The order of a term's definitions, and the searches it allows. A term may be defined in
// thousands of notes: its definitions are kept sorted as they arrive, and a note's own
// definitions are found and taken out by binary search, not by a pass over all of them.

import type { Definition } from '../model';
import { StoredDefinition, type IndexedDefinition } from './storedNote';

let collator: Intl.Collator | undefined;

/**
 * The same order as String.prototype.localeCompare, without building a collator per call.
 * The collator is built on the first comparison: building it (ICU's data) took about 6 ms of
 * the server's start.
 */
export function compareText(a: string, b: string): number {
  return (collator ??= new Intl.Collator()).compare(a, b);
}

export function compareDefinitions(a: IndexedDefinition, b: IndexedDefinition): number {
  // Distilled definitions before inbox material; then by note and line, for a stable order.
  return Number(a.inbox) - Number(b.inbox) || Number(a.kind === 'topic') - Number(b.kind === 'topic')
    || (a.uri === b.uri ? 0 : compareText(a.uri, b.uri)) || startLine(a) - startLine(b);
}

/** Where a definition starts, without building the Range of a stored one. */
function startLine(definition: IndexedDefinition): number {
  return definition instanceof StoredDefinition ? definition.startLine : definition.range.start.line;
}

/** Inserts after every definition that sorts before or equal to it (the place a stable sort would give it), and says where. */
export function insertSorted(definitions: IndexedDefinition[], definition: IndexedDefinition): number {
  // Definitions mostly arrive in order (a note's lines, one after the other).
  const last = definitions.length - 1;
  if (last < 0 || compareDefinitions(definitions[last], definition) <= 0) {
    definitions.push(definition);
    return definitions.length - 1;
  }
  const low = binarySearch(definitions, definition, true);
  if (low === definitions.length) definitions.push(definition);
  else definitions.splice(low, 0, definition);
  return low;
}

/** The first place in a sorted list whose definition does not sort before `probe`. */
function lowerBound(definitions: IndexedDefinition[], probe: IndexedDefinition): number {
  return binarySearch(definitions, probe, false);
}

/** The first place in a sorted list whose definition sorts after `probe` (`pastEqual`) or does not sort before it. */
function binarySearch(definitions: IndexedDefinition[], probe: IndexedDefinition, pastEqual: boolean): number {
  let low = 0;
  let high = definitions.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    const order = compareDefinitions(definitions[mid], probe);
    if (order < 0 || (pastEqual && order === 0)) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Where a definition stands in a sorted list (it must be there). */
export function indexOfDefinition(definitions: IndexedDefinition[], definition: IndexedDefinition): number {
  let at = lowerBound(definitions, definition);
  while (at < definitions.length && definitions[at] !== definition) at++;
  return at;
}

/**
 * Where a note's definitions of one group (inbox or not, term or topic) start in a sorted
 * list: they stand in one run, since the order is by those, then by note.
 */
function runStart(definitions: IndexedDefinition[], uri: string, inbox: boolean, kind: Definition['kind']): number {
  return lowerBound(definitions, { inbox, kind, uri, range: { start: { line: -Infinity } } } as unknown as IndexedDefinition);
}

function inRun(definition: IndexedDefinition, uri: string, inbox: boolean, kind: Definition['kind']): boolean {
  return definition.uri === uri && definition.inbox === inbox && definition.kind === kind;
}

/**
 * A note's definitions of one kind in a sorted list, in the list's order: the same as
 * filtering the list, found by binary search (a topic may be defined in thousands of notes,
 * and a hover asks this for each note that defines the term).
 */
export function definitionsOfNote(definitions: IndexedDefinition[], uri: string, kind: Definition['kind']): IndexedDefinition[] {
  const found: IndexedDefinition[] = [];
  for (const inbox of [false, true]) {
    for (let at = runStart(definitions, uri, inbox, kind); at < definitions.length && inRun(definitions[at], uri, inbox, kind); at++) found.push(definitions[at]);
  }
  return found;
}

/**
 * Takes a note's definitions out of a sorted list, and returns them. They stand in one run
 * per (inbox, topic) group: each run is found by binary search rather than by a pass over
 * every definition of the term.
 */
export function removeNoteDefinitions(definitions: IndexedDefinition[], uri: string, noteDefinitions: Definition[]): IndexedDefinition[] {
  const removed: IndexedDefinition[] = [];
  const groups = new Set(noteDefinitions.map((d) => `${d.inbox}:${d.kind === 'topic'}`));
  for (const group of groups) {
    const [inbox, topic] = group.split(':').map((flag) => flag === 'true');
    const kind = topic ? 'topic' : 'term';
    const start = runStart(definitions, uri, inbox, kind);
    let end = start;
    while (end < definitions.length && inRun(definitions[end], uri, inbox, kind)) end++;
    // Spliced in place, then copied one by one: a spread of a long run would overflow the stack.
    for (const definition of definitions.splice(start, end - start)) removed.push(definition);
  }
  return removed;
}
