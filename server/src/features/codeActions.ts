// Code actions: on a term, open one of its references, turn it into a link, or stop its hovers
// (in the workspace or everywhere, where the client can change its settings); on a phrase the
// notes only mention, open its references; on a design doc, add a references section; on a
// note with encoding damage, repair it. Every edit is a WorkspaceEdit the user can undo.

import { CodeActionKind, type CodeAction, type CodeActionContext, type Diagnostic, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range } from '../core/model';
import { repairEncoding } from '../core/notes/encodingRepair';
import { matchingEntry, referencesFor, termsInDocument } from '../core/query/lookup';
import { hostOf } from '../core/query/urlPolicy';
import type { NoteLink } from '../core/model';
import { ClientCommands, Commands, type IgnoreScope } from '../protocol';
import * as path from 'node:path';
import { uriToFile } from '../core/workspace/notesWorkspace';
import { isMarkdown, isTermDocument, openableReferences, termUnder, type FeatureContext, type TermUnder } from './context';
import { DIAGNOSTIC_SOURCE } from './diagnostics';

export const ADD_REFERENCES = `${CodeActionKind.Source}.addReferences`;
/** A refactor rather than a quick fix: a term that hovers is no problem to fix, only a preference. */
export const IGNORE_TERM = `${CodeActionKind.Refactor}.architectureNotes.ignoreTerm`;

export interface CodeActionOptions {
  /** The client resolves actions lazily: the costly references section is built only when picked. */
  canResolve: boolean;
  /** The client runs ClientCommands.ignoreTerm (see CLIENT_COMMANDS_OPTION); without it the actions are not offered. */
  canIgnoreTerms?: boolean;
}

export function codeActions(context: FeatureContext, uri: string, range: Range, actionContext: CodeActionContext, options: CodeActionOptions): CodeAction[] {
  const document = context.documents.get(uri);
  if (!document) return [];
  const actions: CodeAction[] = [];
  if (context.workspace.isNoteUri(document.uri)) actions.push(...encodingFixes(document, actionContext.diagnostics));
  if (!isTermDocument(context, document)) return actions;
  const only = actionContext.only;
  const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(k + '.'));
  const { index } = context.workspace;

  const found = termUnder(context, document.uri, range.start) ?? selectionTerm(context, document, range);
  if (found && (wants(CodeActionKind.QuickFix) || wants(CodeActionKind.Refactor))) {
    const references = openableReferences(context, referencesFor(index, found.text, found.entry));
    for (const link of references.slice(0, 3)) actions.push(openReferenceAction(link));
    if (isMarkdown(document) && references[0] && !insideMarkdownLink(document, found.range)) {
      const edit: WorkspaceEdit = { changes: { [document.uri]: [{ range: found.range, newText: `[${found.text}](${references[0].url})` }] } };
      actions.push({ title: `Link "${found.text}" to ${hostOf(references[0].url)}`, kind: CodeActionKind.Refactor, edit });
    }
  }
  if (found && isMarkdown(document) && wants(CodeActionKind.Refactor)) {
    const link = noteLinkAction(context, document, found);
    if (link) actions.push(link);
  }
  if (found && options.canIgnoreTerms && wants(IGNORE_TERM)) actions.push(...ignoreTermActions(found.entry.term));
  if (!found && wants(CodeActionKind.QuickFix)) {
    // A phrase with no definition but with mentions in the notes (CQRS) still leads to references.
    const phrase = selectedOrWordAt(document, range);
    if (phrase) for (const link of openableReferences(context, referencesFor(index, phrase)).slice(0, 3)) actions.push(openReferenceAction(link));
  }
  if (isMarkdown(document) && wants(CodeActionKind.Source)) {
    const title = 'Add references for the terms in this document';
    if (options.canResolve) {
      // Finding every term's best reference takes hundreds of milliseconds on a long note, and
      // editors ask for code actions on each cursor move: the edit waits until the action is picked.
      if (termsInDocument(index, document.getText(), true).length > 0) actions.push({ title, kind: ADD_REFERENCES, data: { uri: document.uri } });
    } else {
      const edit = referencesSectionEdit(context, document);
      if (edit) actions.push({ title, kind: ADD_REFERENCES, edit });
    }
  }
  return actions;
}

/** Fills in the edit of an action offered without one (the references section). */
export function resolveCodeAction(context: FeatureContext, action: CodeAction): CodeAction {
  const uri = (action.data as { uri?: unknown } | undefined)?.uri;
  const document = typeof uri === 'string' ? context.documents.get(uri) : undefined;
  if (action.kind === ADD_REFERENCES && document) action.edit = referencesSectionEdit(context, document) ?? { changes: {} };
  return action;
}

/**
 * Links a term to the vault note that defines it: a `[[wikilink]]` in a document of the vault
 * (one of the notes), else a relative Markdown link to the note's file.
 */
function noteLinkAction(context: FeatureContext, document: TextDocument, found: Pick<TermUnder, 'entry' | 'text' | 'range'>): CodeAction | undefined {
  const definition = found.entry.definitions.find((d) => (d.format === 'concept' || d.format === 'note-definitions') && d.uri !== document.uri);
  const target = definition && uriToFile(definition.uri);
  if (!definition || !target || insideMarkdownLink(document, found.range) || insideWikilink(document, found.range)) return undefined;
  const name = path.basename(target).replace(/\.(md|markdown)$/i, '');
  let newText: string;
  const here = uriToFile(document.uri);
  if (context.workspace.isNoteUri(document.uri) || !here) {
    newText = found.text === name ? `[[${name}]]` : `[[${name}|${found.text}]]`;
  } else {
    const relative = path.relative(path.dirname(here), target).split(path.sep).map(encodeURIComponent).join('/');
    newText = `[${found.text}](${relative})`;
  }
  return { title: `Link "${found.text}" to the note ${name}`, kind: CodeActionKind.Refactor, edit: { changes: { [document.uri]: [{ range: found.range, newText }] } } };
}

function insideWikilink(document: TextDocument, range: Range): boolean {
  const line = document.getText({ start: { line: range.start.line, character: 0 }, end: { line: range.start.line + 1, character: 0 } });
  const before = line.slice(0, range.start.character);
  return before.lastIndexOf('[[') > before.lastIndexOf(']]');
}

const openReferenceAction = (link: NoteLink): CodeAction => ({
  title: `Open reference: ${link.description || hostOf(link.url)} (${hostOf(link.url)})`,
  kind: CodeActionKind.QuickFix,
  command: { title: 'Open reference', command: Commands.openReference, arguments: [link.url] },
});

/** "Don't show hovers for X", in the workspace and everywhere: the client adds X to `ignoreTerms`. */
function ignoreTermActions(term: string): CodeAction[] {
  const action = (where: string, scope: IgnoreScope): CodeAction => ({
    title: `Don't show hovers for "${term}" ${where}`,
    kind: IGNORE_TERM,
    command: { title: `Don't show hovers for "${term}"`, command: ClientCommands.ignoreTerm, arguments: [term, scope] },
  });
  return [action('in this workspace', 'workspace'), action('anywhere (user settings)', 'user')];
}

function selectionTerm(context: FeatureContext, document: TextDocument, range: Range) {
  const selected = document.getText(range).trim();
  if (!selected) return undefined;
  const entry = matchingEntry(context.workspace.index, selected);
  return entry ? { document, entry, text: selected, range } : undefined;
}

function lineAt(document: TextDocument, line: number): string {
  return document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
}

function selectedOrWordAt(document: TextDocument, range: Range): string | undefined {
  const selected = document.getText(range).trim();
  if (selected) return selected.length <= 100 ? selected : undefined;
  for (const match of lineAt(document, range.start.line).matchAll(/[\p{L}\p{N}][\p{L}\p{N}-]*/gu)) {
    if (match.index! <= range.start.character && range.start.character <= match.index! + match[0].length) return match[0];
  }
  return undefined;
}

function insideMarkdownLink(document: TextDocument, range: Range): boolean {
  for (const match of lineAt(document, range.start.line).matchAll(/\[[^\]]*\]\([^)]*\)/g)) {
    if (match.index! <= range.start.character && range.end.character <= match.index! + match[0].length) return true;
  }
  return false;
}

/** Appends a references section listing each term used, once, with its best link. */
function referencesSectionEdit(context: FeatureContext, document: TextDocument): WorkspaceEdit | undefined {
  const text = document.getText();
  const { index } = context.workspace;
  const lines: string[] = [];
  for (const { entry, occurrences } of termsInDocument(index, text, true)) {
    const best = openableReferences(context, referencesFor(index, occurrences[0].text, entry))[0];
    if (!best || text.includes(best.url)) continue;
    lines.push(`- ${entry.term}: [${best.description || hostOf(best.url)}](${best.url})`);
  }
  if (lines.length === 0) return undefined;
  const end = document.positionAt(text.length);
  const heading = /\n## References\s*\n/.test(text) ? '' : `${text.endsWith('\n') ? '' : '\n'}\n## References\n\n`;
  const edit: TextEdit = { range: { start: end, end }, newText: `${heading}${lines.join('\n')}\n` };
  return { changes: { [document.uri]: [edit] } };
}

/** Quick fixes for encoding damage: all certain repairs at once; one choice per candidate at an ambiguous spot. */
function encodingFixes(document: TextDocument, diagnostics: Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  const damaged = diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && (d.code === 'encoding-damage' || d.code === 'encoding-ambiguous'));
  if (damaged.length === 0) return actions;
  const repair = repairEncoding(document.getText());
  if (repair.repairs.length > 0) {
    const edits: TextEdit[] = repair.repairs.map((r) => ({ range: { start: document.positionAt(r.originalStart), end: document.positionAt(r.originalEnd) }, newText: r.replacement }));
    actions.push({ title: `Repair encoding damage (${repair.repairs.length} certain ${repair.repairs.length === 1 ? 'repair' : 'repairs'})`, kind: CodeActionKind.QuickFix, diagnostics: damaged, isPreferred: true, edit: { changes: { [document.uri]: edits } } });
  }
  for (const diagnostic of damaged.filter((d) => d.code === 'encoding-ambiguous')) {
    const start = document.offsetAt(diagnostic.range.start);
    const spot = repair.ambiguities.find((a) => a.originalStart === start);
    if (!spot) continue;
    for (const candidate of spot.candidates) {
      actions.push({ title: `Replace with "${candidate}"`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: { changes: { [document.uri]: [{ range: diagnostic.range, newText: candidate }] } } });
    }
  }
  return actions;
}
