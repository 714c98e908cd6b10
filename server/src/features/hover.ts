// Hover: a term's card in a design doc or a note; on a cross-reference in a note, where it leads.

import { MarkupKind, type Hover } from 'vscode-languageserver';
import { escapeMarkdown } from '../core/query/present';
import { uriToFile } from '../core/workspace/notesWorkspace';
import { resolveWikilink } from '../core/query/wikilinks';
import { crossReferenceAt, knownNote, termCard, termUnder, type FeatureContext, type Position } from './context';

export function hover(context: FeatureContext, uri: string, position: Position): Hover | null {
  if (!context.documents.get(uri)) return null;
  if (context.workspace.isNoteUri(uri)) {
    const reference = crossReferenceHover(context, uri, position);
    if (reference) return reference;
  }
  const found = termUnder(context, uri, position);
  if (!found) return null;
  return { contents: { kind: MarkupKind.Markdown, value: termCard(context, found.entry, found.text) }, range: found.range };
}

function crossReferenceHover(context: FeatureContext, uri: string, position: Position): Hover | null {
  const reference = crossReferenceAt(context, uri, position);
  if (!reference) return null;
  if (reference.wikilink) {
    // A wikilink shows the card of the note it names, as a term in a design doc would.
    const target = resolveWikilink(context.workspace.index, reference.file);
    const value = !target
      ? `**${escapeMarkdown(reference.file)}**: no note of the vault has this name, title or alias.`
      : target.entry ? termCard(context, target.entry, target.entry.term)
      : `**${escapeMarkdown(reference.file)}**\n\n${escapeMarkdown(uriToFile(target.uri) ?? target.uri)}`;
    return { contents: { kind: MarkupKind.Markdown, value }, range: reference.range };
  }
  const target = knownNote(context, reference.file);
  const value = target
    ? `**${escapeMarkdown(reference.file)}**${reference.section ? ` › ${escapeMarkdown(reference.section)}` : ''}\n\n${escapeMarkdown(uriToFile(target) ?? target)}`
    : `**${escapeMarkdown(reference.file)}** is not among the indexed notes. Add its folder to \`architectureNotes.notesPaths\`.`;
  return { contents: { kind: MarkupKind.Markdown, value }, range: reference.fileRange };
}
