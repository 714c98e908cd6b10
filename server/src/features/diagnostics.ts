// Diagnostics on the notes: encoding damage and other problems the parser found,
// cross-references to notes that are not indexed, and notes that were skipped, on the file.

import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { Note } from '../core/model';
import { fileToUri } from '../core/workspace/notesWorkspace';
import { crossReferenceTarget, type FeatureContext } from './context';

export const DIAGNOSTIC_SOURCE = 'architecture-notes';

export function noteDiagnostics(context: FeatureContext, note: Note): Diagnostic[] {
  const diagnostics: Diagnostic[] = note.problems.map((problem) => ({
    range: problem.range,
    severity: problem.kind.startsWith('encoding') ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information,
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
  return diagnostics;
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
