// How the server keeps the editor's open documents: TextDocument, with each incremental
// change's range clamped to the document first. A client may send a range past the end (a
// line of 999 in a three-line document); the text library then puts the new text at the end
// but files its line offsets under the lines the range named, and every position answered
// for that document afterwards is wrong for the rest of its life (a highlight at line 999,
// character null). Clamped, the change lands where the library puts its text, and the lines
// stay true.

import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { Position, TextDocumentsConfiguration } from 'vscode-languageserver';

export const CLAMPED_DOCUMENTS: TextDocumentsConfiguration<TextDocument> = {
  create: TextDocument.create,
  update(document, changes, version) {
    // One change at a time: each range is relative to the text the changes before it left.
    let updated = document;
    for (const change of changes) updated = TextDocument.update(updated, [clamped(updated, change)], version);
    return updated;
  },
};

/** The change with its range, if it has one, inside the document. */
export function clamped(document: TextDocument, change: TextDocumentContentChangeEvent): TextDocumentContentChangeEvent {
  if (!('range' in change) || !change.range) return change;
  const start = inside(document, change.range.start);
  const end = inside(document, change.range.end);
  return { ...change, range: { start, end } };
}

/** The position moved inside the document: past its last line to its end, past a line's end to that end. */
function inside(document: TextDocument, position: Position): Position {
  // positionAt(offsetAt(…)) is the library's own clamping, to a place in the text.
  return document.positionAt(document.offsetAt(position));
}
