// Ranked search over the notes, for the command palette and `architecture-notes search`:
// terms and topics by fuzzy name (fuzzysort), quotes and links by the words they contain.

import fuzzysort = require('fuzzysort');
import type { NotesIndex, TermEntry } from '../index/notesIndex';
import type { NoteLink, Range } from '../model';
import { sectionLabel } from './present';
import { hostOf, openableHref, type IndexedNoteTest } from './urlPolicy';

export type SearchKind = 'term' | 'topic' | 'quote' | 'link';

export interface SearchResult {
  kind: SearchKind;
  /** What the result is called: the term, the topic, the quote's first words, the link's description. */
  label: string;
  /** The definition or the line's text. */
  detail: string;
  sectionPath: string[];
  uri: string;
  range: Range;
  url?: string;
  score: number;
}

export interface SearchOptions {
  kinds?: SearchKind[];
  limit?: number;
  /** Which file links are indexed notes: only those, and web links, become an item's URL (see urlPolicy). */
  isIndexedNote?: IndexedNoteTest;
}

interface Target {
  entry: TermEntry;
  name: string;
  prepared: Fuzzysort.Prepared;
}

/** Search over one index; the fuzzy targets are prepared once per index version. */
export class NotesSearch {
  private prepared?: { version: number; targets: Target[] };

  constructor(private readonly index: NotesIndex) {}

  search(query: string, options: SearchOptions = {}): SearchResult[] {
    const kinds = new Set(options.kinds ?? ['term', 'topic', 'quote', 'link']);
    const limit = options.limit ?? 50;
    const trimmed = query.trim();
    if (!trimmed) return [];
    const results: SearchResult[] = [];
    const seenEntries = new Set<TermEntry>();
    if (kinds.has('term') || kinds.has('topic')) {
      const hits = fuzzysort.go(trimmed, this.targets(), { key: 'prepared', limit: limit * 2, threshold: 0.3 });
      // fuzzysort keeps every query it was given, prepared, for good: over a long session of
      // searches (each keystroke in the search box is one) that grows without end.
      fuzzysort.cleanup();
      for (const hit of hits) {
        const { entry } = hit.obj;
        if (seenEntries.has(entry)) continue;
        seenEntries.add(entry);
        // A name can be a topic and a term at once (`## monolith`, `* _monolith_: …`): the
        // result is the first definition of a kind that was asked for.
        const definition = entry.definitions.find((d) => kinds.has(d.kind));
        if (!definition) continue;
        const kind: SearchKind = definition.kind;
        results.push({
          kind,
          label: entry.term,
          detail: definition.text,
          sectionPath: definition.sectionPath,
          uri: definition.uri,
          range: definition.termRange,
          url: openableUrlOf(definition.links.filter((l) => !l.inbox), options.isIndexedNote) ?? openableUrlOf(definition.links, options.isIndexedNote),
          // Exact names rank above fuzzy ones; terms slightly above topics of equal score.
          score: hit.score + (hit.obj.name.toLowerCase() === trimmed.toLowerCase() ? 1 : 0),
        });
      }
    }
    if (kinds.has('quote') || kinds.has('link')) {
      for (const mention of this.index.mentions(trimmed, limit * 2)) {
        const note = this.index.note(mention.uri);
        if (!note) continue;
        const lineRange: Range = { start: { line: mention.line.line, character: 0 }, end: { line: mention.line.line, character: 0 } };
        const sectionPath = note.sections.filter((s) => s.range.start.line <= mention.line.line && mention.line.line <= s.range.end.line).pop()?.path ?? [];
        if (mention.line.kind === 'quote' && kinds.has('quote')) {
          results.push({ kind: 'quote', label: shorten(mention.line.text, 80), detail: mention.line.text, sectionPath, uri: mention.uri, range: lineRange, url: openableUrlOf(mention.links, options.isIndexedNote), score: 0.5 });
        } else if (kinds.has('link')) {
          for (const link of mention.links) {
            const url = openableHref(link.url, options.isIndexedNote);
            if (!url) continue;
            results.push({ kind: 'link', label: link.description || hostOf(url), detail: `${hostOf(url)} · ${sectionLabel(sectionPath)}`, sectionPath, uri: mention.uri, range: link.range, url, score: link.inbox ? 0.3 : 0.4 });
          }
        }
      }
    }
    return results.sort((a, b) => b.score - a.score).slice(0, limit);
  }

  private targets(): Target[] {
    if (this.prepared?.version === this.index.version) return this.prepared.targets;
    const targets: Target[] = [];
    for (const entry of this.index.terms()) {
      for (const name of entry.names) targets.push({ entry, name, prepared: fuzzysort.prepare(name) });
    }
    // The index holds its terms in the order edits left them; fuzzysort keeps equal scores in
    // target order. Sorted, equal scores rank the same after any edits as after a fresh index.
    targets.sort((a, b) => compareStrings(a.entry.key, b.entry.key) || compareStrings(a.name, b.name));
    this.prepared = { version: this.index.version, targets };
    return targets;
  }
}

/**
 * The normalised URL of the first link a search item may carry: http, https or an indexed
 * note. Notes can hold `command:`, `javascript:`, `data:` or local file links, which no item may carry.
 */
function openableUrlOf(links: NoteLink[], isIndexedNote: IndexedNoteTest | undefined): string | undefined {
  for (const link of links) {
    const href = openableHref(link.url, isIndexedNote);
    if (href) return href;
  }
  return undefined;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max - 1).replace(/\s+\S*$/, '') + '…';
}
