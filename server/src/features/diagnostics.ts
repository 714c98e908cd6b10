// Diagnostics on the notes: encoding damage and other problems the parser found,
// cross-references to notes that are not indexed, terms a glossary defines differently from
// another place, and notes that were skipped, on the file.

import * as path from 'node:path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { IndexedDefinition } from '../core/index/notesIndex';
import type { Definition, Note, NoteProblem } from '../core/model';
import { readerWords, sectionLabel } from '../core/query/present';
import { fileToUri, uriToFile } from '../core/workspace/notesWorkspace';
import { crossReferenceTarget, knownNote, type FeatureContext } from './context';

export const DIAGNOSTIC_SOURCE = 'architecture-notes';

/**
 * Problems the user should fix before the notes say what they mean: damaged text, YAML that
 * does not parse (a glossary's, or a frontmatter whose fields are then not read at all), an
 * import that did not load, entries past a limit left out. Others (an empty or repeated
 * definition, a note not indexed, a term defined differently) are for information.
 */
const WARNINGS: ReadonlySet<NoteProblem['kind']> = new Set(['encoding-damage', 'encoding-ambiguous', 'syntax-error', 'frontmatter', 'unreachable-import', 'not-utf8', 'entries-left-out']);

export function noteDiagnostics(context: FeatureContext, note: Note): Diagnostic[] {
  // A glossary's imports are loaded by the workspace, after the note is read.
  const problems = [...note.problems, ...context.workspace.importProblems(note.uri)];
  const diagnostics: Diagnostic[] = problems.map((problem) => ({
    range: problem.range,
    severity: WARNINGS.has(problem.kind) ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information,
    source: DIAGNOSTIC_SOURCE,
    code: problem.kind,
    message: problem.message,
    data: problem.candidates ? { candidates: problem.candidates } : undefined,
  }));
  for (const reference of note.crossReferences) {
    if (crossReferenceTarget(context, reference)) continue;
    if (reference.wikilink) {
      diagnostics.push({ range: reference.fileRange, severity: DiagnosticSeverity.Warning, source: DIAGNOSTIC_SOURCE, code: 'broken-wikilink', message: `[[${reference.file}]] leads nowhere: no indexed note has this name, title or alias.` });
      continue;
    }
    diagnostics.push({ range: reference.fileRange, severity: DiagnosticSeverity.Information, source: DIAGNOSTIC_SOURCE, code: 'missing-note', message: `\`${reference.file}\` is not among the indexed notes.` });
  }
  diagnostics.push(...differentDefinitions(context, note));
  return diagnostics;
}

/** Places named in one message at most: a term defined in hundreds of places says how many more. */
const PLACES_NAMED = 3;

/**
 * A term that a glossary (or any format other than the dialect) defines, and that another place
 * defines with other words: worth a look, as the two may disagree. The dialect's own repeated
 * terms (one term under several topics) are its way of writing, not a problem; nor are the
 * definitions of two bounded contexts of Contextive glossaries (see inOtherContexts). Other
 * places in the same words, as a reader sees them (readerWords: case, spacing, a final stop and
 * markup aside), say the same: a copy of a glossary in another notes folder is no conflict.
 */
function differentDefinitions(context: FeatureContext, note: Note): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const { index } = context.workspace;
  for (const definition of note.definitions) {
    if (definition.kind !== 'term' || !definition.text) continue;
    const own = readerWords(definition.text);
    const others: IndexedDefinition[] = [];
    for (const entry of index.lookupExact(definition.term)) {
      for (const other of entry.definitions) {
        if (other.kind !== 'term' || !other.text || (other.uri === note.uri && other.termRange.start.line === definition.termRange.start.line)) continue;
        if (definition.format === undefined && other.format === undefined) continue;
        if (inOtherContexts(definition, other, note.uri)) continue;
        if (readerWords(other.text) !== own && !others.includes(other)) others.push(other);
      }
    }
    if (others.length === 0) continue;
    const places = others.slice(0, PLACES_NAMED).map((other) => placeOf(other, note.uri));
    const more = others.length - places.length;
    diagnostics.push({
      range: definition.termRange,
      severity: DiagnosticSeverity.Information,
      source: DIAGNOSTIC_SOURCE,
      code: 'different-definition',
      message: `\`${definition.term}\` is defined differently in ${places.join('; ')}${more > 0 ? ` and ${more} more ${more === 1 ? 'place' : 'places'}` : ''}.`,
      // Each other place, for editors that list them under the diagnostic and open them on a click.
      relatedInformation: others.slice(0, PLACES_NAMED).filter((other) => other.uri.startsWith('file:')).map((other) => ({
        location: { uri: other.uri, range: other.termRange },
        message: `defined as "${clipped(other.text)}"`,
      })),
    });
  }
  return diagnostics;
}

/**
 * Whether two Contextive definitions belong to different bounded contexts: a context gives its
 * words the meaning they have inside it, and "Order Line" in Ordering and in Fulfilment differ on
 * purpose (the reason the contexts are apart). Contexts are told apart by name, in any case; two
 * unnamed ones only when they stand in different glossaries.
 */
function inOtherContexts(definition: Definition, other: IndexedDefinition, uri: string): boolean {
  if (definition.format !== 'contextive' || other.format !== 'contextive') return false;
  const name = definition.context?.name?.toLowerCase();
  const otherName = other.context?.name?.toLowerCase();
  if (name !== undefined || otherName !== undefined) return name !== otherName;
  return other.uri !== uri;
}

function placeOf(definition: IndexedDefinition, fromUri: string): string {
  const section = definition.sectionPath.length > 0 ? ` › ${sectionLabel(definition.sectionPath)}` : '';
  const file = definition.uri === fromUri ? 'this note' : path.basename(uriToFile(definition.uri) ?? definition.uri);
  return `${file}${section} (line ${definition.termRange.start.line + 1}): "${clipped(definition.text)}"`;
}

function clipped(text: string): string {
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/** A note that was skipped (too large, not text, unreadable) says so where the user looks: on the file. */
export function skippedNoteDiagnostics(context: FeatureContext): Map<string, Diagnostic[]> {
  const byUri = new Map<string, Diagnostic[]>();
  const start = { line: 0, character: 0 };
  for (const skipped of context.workspace.status().skipped) {
    if (!context.workspace.isNoteFile(skipped.path)) continue;
    byUri.set(fileToUri(skipped.path), [{ range: { start, end: start }, severity: DiagnosticSeverity.Warning, source: DIAGNOSTIC_SOURCE, code: 'not-indexed', message: `Not indexed: ${skipped.reason}.` }]);
  }
  return byUri;
}
