// Hover: a term's card in a design doc or a note; on a cross-reference in a note, where it leads.

import { MarkupKind, type Hover } from 'vscode-languageserver';
import { escapeMarkdown, stripInvisible } from '../core/query/present';
import { uriToFile } from '../core/workspace/notesWorkspace';
import { resolveWikilink } from '../core/query/wikilinks';
import { crossReferenceAt, knownNote, termCardIn, termUnder, type FeatureContext, type Position } from './context';

export function hover(context: FeatureContext, uri: string, position: Position): Hover | null {
  if (!context.documents.get(uri)) return null;
  if (context.workspace.isNoteUri(uri)) {
    const reference = crossReferenceHover(context, uri, position);
    if (reference) return reference;
  }
  const found = termUnder(context, uri, position);
  if (!found) return null;
  return { contents: termCardIn(context, found.entry, found.text, context.hoverFormat), range: found.range };
}

/** A line about a file: bold name and plain rest in Markdown, as it is in plain text. */
function fileLine(context: FeatureContext, name: string, rest: string, markdownRest = escapeMarkdown(rest)): Hover['contents'] {
  if (context.hoverFormat === 'plaintext') return { kind: MarkupKind.PlainText, value: stripInvisible(`${name}${rest}`) };
  return { kind: MarkupKind.Markdown, value: `**${escapeMarkdown(name)}**${markdownRest}` };
}

function crossReferenceHover(context: FeatureContext, uri: string, position: Position): Hover | null {
  const reference = crossReferenceAt(context, uri, position);
  if (!reference) return null;
  if (reference.wikilink) {
    // A wikilink shows the card of the note it names, as a term in a design doc would.
    const target = resolveWikilink(context.workspace.index, reference.file);
    const contents = !target
      ? fileLine(context, reference.file, ': no note of the vault has this name, title or alias.')
      : target.entry ? termCardIn(context, target.entry, target.entry.term, context.hoverFormat)
      : fileLine(context, reference.file, `\n\n${uriToFile(target.uri) ?? target.uri}`);
    return { contents, range: reference.range };
  }
  const target = knownNote(context, reference.file);
  const contents = target
    ? fileLine(context, reference.file, `${reference.section ? ` › ${reference.section}` : ''}\n\n${uriToFile(target) ?? target}`)
    : fileLine(context, reference.file, ' is not among the indexed notes. Add its folder to notesPaths.', ' is not among the indexed notes. Add its folder to `architectureNotes.notesPaths`.');
  return { contents, range: reference.fileRange };
}
