// Diagnostics on the notes: encoding damage and other problems the parser found,
// cross-references to notes that are not indexed, and notes that were skipped, on the file.

import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { Note, NoteProblem } from '../core/model';
import { fileToUri } from '../core/workspace/notesWorkspace';
import { knownNote, type FeatureContext } from './context';

export const DIAGNOSTIC_SOURCE = 'architecture-notes';

/** Problems the user should fix before the notes say what they mean: damaged text, YAML that does not parse, an import that did not load. */
const WARNINGS: ReadonlySet<NoteProblem['kind']> = new Set(['encoding-damage', 'encoding-ambiguous', 'syntax-error', 'unreachable-import']);

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
    if (knownNote(context, reference.file)) continue;
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
