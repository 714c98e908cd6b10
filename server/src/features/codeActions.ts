// Code actions: on a term, open one of its references (its own first, then those only related
// to it, titled so), link it, link every mention of it in
// the doc, or stop its hovers (where the client can change its settings); on a phrase a design
// doc uses that the notes only mention, open its references; on a design doc, insert a glossary
// of the terms it uses; on a note with encoding damage, repair it. Only real problems get quick
// fixes (the encoding repairs): a term is no problem, so its actions are refactors, and the
// glossary is a source action. Every edit is a WorkspaceEdit the user can undo.

import { CodeActionKind, type CodeAction, type CodeActionContext, type Diagnostic, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TermEntry } from '../core/index/notesIndex';
import type { NoteLink, Range } from '../core/model';
import { repairEncoding } from '../core/notes/encodingRepair';
import { findGlossary, fitTitle, fitsWikilink, MAX_TITLE, glossaryEdit, glossaryText, linkDestination, linkLabel, linkTarget, overlapsAny, overlapsSorted, unlinkableSpans, withoutGlossary, type GlossaryLine } from '../core/query/docEdits';
import { matchingEntry, referencesFor, termsInDocument } from '../core/query/lookup';
import { orderedByFit } from '../core/relevance/relevance';
import { isEverydayWord } from '../core/relevance/vocabulary';
import { hostOf } from '../core/query/urlPolicy';
import { ownReferences, stripInvisible } from '../core/query/present';
import { phraseKey } from '../core/text/normalize';
import { ClientCommands, Commands, type IgnoreScope, type ReferenceChoice } from '../protocol';
import * as path from 'node:path';
import { uriToFile } from '../core/workspace/notesWorkspace';
import { isMarkdown, isScannedWhole, isTermDocument, openableReferences, termUnder, type FeatureContext, type TermUnder } from './context';
import { DIAGNOSTIC_SOURCE } from './diagnostics';

/** Builds or updates the doc's glossary section (a source action: it is about the whole file). */
export const INSERT_GLOSSARY = `${CodeActionKind.Source}.architectureNotes.insertGlossary`;
/** Opens a reference of the term: no edit, no problem, so neither a quick fix nor a source action. */
export const OPEN_REFERENCE = `${CodeActionKind.Refactor}.architectureNotes.openReference`;
export const LINK_TERM = `${CodeActionKind.RefactorRewrite}.architectureNotes.linkTerm`;
export const LINK_EVERY_MENTION = `${CodeActionKind.RefactorRewrite}.architectureNotes.linkEveryMention`;
/** A refactor rather than a quick fix: a term that hovers is no problem to fix, only a preference. */
export const IGNORE_TERM = `${CodeActionKind.Refactor}.architectureNotes.ignoreTerm`;

/** Every kind the server offers, for its capabilities. */
export const CODE_ACTION_KINDS = [CodeActionKind.QuickFix, CodeActionKind.Refactor, CodeActionKind.RefactorRewrite, OPEN_REFERENCE, LINK_TERM, LINK_EVERY_MENTION, IGNORE_TERM, CodeActionKind.Source, INSERT_GLOSSARY];

const GLOSSARY_TITLE = 'Insert glossary of the terms this doc uses';

export interface CodeActionOptions {
  /** The client resolves actions lazily: the costly glossary is built only when picked. */
  canResolve: boolean;
  /** The client runs ClientCommands.ignoreTerm (see CLIENT_COMMANDS_OPTION); without it the actions are not offered. */
  canIgnoreTerms?: boolean;
  /** The client runs ClientCommands.showReferences: past REFERENCES_IN_MENU, one action lists them all. */
  canShowReferences?: boolean;
}

/**
 * How many Open reference actions the menu holds. Every reference the notes give a term is
 * offered up to this; a term with more (one defined in hundreds of notes has thousands) gets
 * the first ones and "Show all N references…", where the client can show that list.
 */
export const REFERENCES_IN_MENU = 10;

export function codeActions(context: FeatureContext, uri: string, range: Range, actionContext: CodeActionContext, options: CodeActionOptions): CodeAction[] {
  const document = context.documents.get(uri);
  if (!document) return [];
  const actions: CodeAction[] = [];
  const isNote = context.workspace.isNoteUri(document.uri);
  if (isNote) actions.push(...encodingFixes(document, actionContext.diagnostics));
  if (!isTermDocument(context, document)) return actions;
  const only = actionContext.only;
  const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(k + '.'));
  const { index } = context.workspace;
  // Edits go into design docs; a note is written in the notes' own dialect and keeps its text.
  const editable = isMarkdown(document) && !isNote;
  // The link actions and Insert glossary read the whole doc (see MAX_SCANNED_DOCUMENT).
  const scannable = isScannedWhole(document);

  const found = termUnder(context, document.uri, range.start) ?? selectionTerm(context, document, range);
  // A link to the note that defines the term (a vault's concept note): the term's own, so it
  // comes before a web link only related to the term, and after one of its own.
  const noteLink = found && isMarkdown(document) && scannable && wants(LINK_TERM) ? noteLinkAction(context, document, found) : undefined;
  let noteLinkShown = false;
  if (found) {
    // The term's own links first, as its card lists them; a link only related to it (its
    // section's, a line that mentions it) is offered too, but said to be one: linked without a
    // word, "reliability" went to the page its section cites for "memory usage".
    const foundReferences = openableReferences(context, referencesFor(index, found.text, found.entry));
    const own = new Set(ownReferences(found.entry, foundReferences));
    const references = [...own, ...foundReferences.filter((link) => !own.has(link))];
    if (wants(OPEN_REFERENCE)) actions.push(...openReferenceActions(found.entry.term, references, own, options));
    const target = references[0];
    const related = target !== undefined && !own.has(target);
    if (editable && scannable && target) {
      const text = document.getText();
      const spans = unlinkableSpans(text);
      const start = document.offsetAt(found.range.start);
      const end = document.offsetAt(found.range.end);
      if (noteLink && related) {
        actions.push(noteLink);
        noteLinkShown = true;
      }
      if (wants(LINK_TERM) && !overlapsSorted(spans, start, end)) {
        const edit: WorkspaceEdit = { changes: { [document.uri]: [{ range: found.range, newText: markdownLink(found.text, target.url) }] } };
        actions.push({ title: fitTitle('Link “', found.text, `” to ${linkTarget(target.url)}${related ? RELATED_LINK : ''}`), kind: LINK_TERM, edit });
      }
      if (wants(LINK_EVERY_MENTION)) {
        const action = linkEveryMentionAction(context, document, found.entry, target, spans, related);
        if (action) actions.push(action);
      }
    }
  }
  if (noteLink && !noteLinkShown) actions.push(noteLink);
  if (found && options.canIgnoreTerms && wants(IGNORE_TERM)) actions.push(...ignoreTermActions(found.entry.term));
  if (!found && !isNote && wants(OPEN_REFERENCE)) {
    // A phrase of a design doc with no definition but with mentions in the notes (CQRS) still
    // leads to references. Not in a note: there every word is in the notes, and the references
    // would be of whatever the cursor is on, unrelated to a term.
    // A selection is looked up whatever it is; a word under the cursor only when it is no
    // everyday word: the notes' lines that mention "query" or "blocks" are about anything, and
    // offering their links where the hover shows nothing read as a term the tool had missed.
    const phrase = selectedOrWordAt(document, range);
    if (phrase && (phrase.selected || !isEverydayWord(phrase.text))) {
      const references = openableReferences(context, referencesFor(index, phrase.text));
      actions.push(...openReferenceActions(phrase.text, references, new Set(references), options));
    }
  }
  if (editable && scannable && wants(INSERT_GLOSSARY)) {
    if (options.canResolve) {
      // Finding every term's best reference takes hundreds of milliseconds on a long note, and
      // editors ask for code actions on each cursor move: the edit waits until the action is picked.
      // A Glossary section of the writer's own is never replaced: no action is offered then.
      const text = document.getText();
      if (!findGlossary(text)?.handWritten && termsInDocument(index, withoutGlossary(text), true, document.uri).length > 0) actions.push({ title: GLOSSARY_TITLE, kind: INSERT_GLOSSARY, data: { uri: document.uri } });
    } else {
      const edit = glossarySectionEdit(context, document);
      if (edit) actions.push({ title: GLOSSARY_TITLE, kind: INSERT_GLOSSARY, edit });
    }
  }
  return actions;
}

/** Fills in the edit of an action offered without one (the glossary); no change when the doc already has this glossary. */
export function resolveCodeAction(context: FeatureContext, action: CodeAction): CodeAction {
  const uri = (action.data as { uri?: unknown } | undefined)?.uri;
  const document = typeof uri === 'string' ? context.documents.get(uri) : undefined;
  if (action.kind === INSERT_GLOSSARY && document) action.edit = glossarySectionEdit(context, document) ?? { changes: {} };
  return action;
}

/** A link's own description in a title only when it is short: a bare URL's is the whole line of the note. */
const MAX_DESCRIPTION_IN_TITLE = 40;

/** What a title says after a link that is not the term's own (the card's "Related in the notes"). */
const RELATED_LINK = ' (related)';

const openReferenceAction = (link: NoteLink, own = true): CodeAction => {
  const where = linkTarget(link.url);
  const description = link.description?.trim() ?? '';
  const start = own ? 'Open reference: ' : 'Open related reference: ';
  return {
    title: description && description.length <= MAX_DESCRIPTION_IN_TITLE ? fitTitle(start, description, ` (${where})`) : fitTitle(start, where),
    kind: OPEN_REFERENCE,
    command: { title: 'Open reference', command: Commands.openReference, arguments: [link.url] },
  };
};

/**
 * Open reference for each of a term's references, up to REFERENCES_IN_MENU; past it, where the
 * client can list them, one more action that shows them all. The menu held the first three
 * whatever the notes gave, and nothing told of the rest.
 */
function openReferenceActions(term: string, references: NoteLink[], own: ReadonlySet<NoteLink>, options: CodeActionOptions): CodeAction[] {
  const actions = references.slice(0, REFERENCES_IN_MENU).map((link) => openReferenceAction(link, own.has(link)));
  if (references.length > REFERENCES_IN_MENU && options.canShowReferences) {
    const choices: ReferenceChoice[] = references.map((link) => ({ url: link.url, ...(link.description ? { description: link.description } : {}), ...(own.has(link) ? {} : { related: true }) }));
    const title = fitTitle(`Show all ${references.length} references of “`, term, '”…');
    actions.push({ title, kind: OPEN_REFERENCE, command: { title: 'Show all references', command: ClientCommands.showReferences, arguments: [term, choices] } });
  }
  return actions;
}

/** A Markdown link labelled with the words as written; brackets in them would end the label early. */
function markdownLink(label: string, url: string): string {
  return `[${label.replace(/[[\]\\]/g, '\\$&')}](${url})`;
}

/**
 * "Link every mention of X in this doc": one edit over every mention of the term that is not
 * linked yet, in code, in a heading, in a URL or in the glossary Insert glossary wrote. Offered
 * when there are two or more: for one, linking the term under the cursor does the same.
 */
function linkEveryMentionAction(context: FeatureContext, document: TextDocument, entry: TermEntry, target: NoteLink, spans: ReturnType<typeof unlinkableSpans>, related: boolean): CodeAction | undefined {
  const text = document.getText();
  // By key: the entry under the cursor may be a copy with its definitions ordered by fit (see orderedByFit).
  const occurrences = termsInDocument(context.workspace.index, text, true, document.uri).find((t) => t.entry.key === entry.key)?.occurrences ?? [];
  // The glossary already gives each term its reference, and its entries are the notes' words,
  // not the doc's: linked, `- **SPoF**: single point of failure [link]` became three links to
  // one page on one line.
  const glossary = findGlossary(text);
  const generated = glossary && !glossary.handWritten ? [glossary] : [];
  const edits: TextEdit[] = occurrences
    .filter((o) => !overlapsSorted(spans, o.start, o.end) && !overlapsAny(generated, o.start, o.end))
    .map((o) => ({ range: { start: document.positionAt(o.start), end: document.positionAt(o.end) }, newText: markdownLink(o.text, target.url) }));
  if (edits.length < 2) return undefined;
  const start = 'Link every mention of “';
  const end = `” in this doc (${edits.length}) to `;
  const after = related ? RELATED_LINK : '';
  // The term whole if it can be; then where the link goes, or its host where the path does not fit.
  const room = MAX_TITLE - start.length - end.length - after.length - Math.min(entry.term.length, 30);
  const where = linkTarget(target.url, Math.max(room, 0));
  return {
    title: fitTitle(start, entry.term, end + (where.length <= room && !where.endsWith('…') ? where : hostOf(target.url)) + after),
    kind: LINK_EVERY_MENTION,
    edit: { changes: { [document.uri]: edits } },
  };
}

/**
 * Links a term to the vault note that defines it: a `[[wikilink]]` in a document of the vault
 * (one of the notes), else a relative Markdown link to the note's file. The note named as the
 * term comes first (`Circuit Breaker.md` over a Note Definitions file that also defines it); a
 * block of a consolidated Note Definitions file is linked at its heading.
 */
function noteLinkAction(context: FeatureContext, document: TextDocument, found: Pick<TermUnder, 'entry' | 'text' | 'range'>): CodeAction | undefined {
  const fileName = (uri: string) => path.basename(uriToFile(uri) ?? uri).replace(/\.(md|markdown)$/i, '');
  const rank = (d: (typeof found.entry.definitions)[number]) => (d.format === 'concept' ? (phraseKey(fileName(d.uri)) === found.entry.key ? 0 : 1) : 2);
  const definition = found.entry.definitions
    .filter((d) => (d.format === 'concept' || d.format === 'note-definitions') && d.uri !== document.uri)
    .sort((a, b) => rank(a) - rank(b))[0];
  const target = definition && uriToFile(definition.uri);
  if (!definition || !target || overlapsSorted(unlinkableSpans(document.getText()), document.offsetAt(found.range.start), document.offsetAt(found.range.end)) || insideWikilink(document, found.range)) return undefined;
  const name = fileName(definition.uri);
  // A consolidated file holds many phrases, each under its heading; an atomic one is its phrase.
  const heading = definition.format === 'note-definitions' && phraseKey(name) !== phraseKey(definition.term) ? definition.term : undefined;
  let newText: string;
  const here = uriToFile(document.uri);
  const link = heading ? `${name}#${heading}` : name;
  // A name a wikilink cannot hold (`]`, `|`) is linked as a file, as outside the vault.
  if ((context.workspace.isNoteUri(document.uri) || !here) && fitsWikilink(link) && !/[[\]|]/.test(found.text)) {
    newText = found.text === link ? `[[${link}]]` : `[[${link}|${found.text}]]`;
  } else if (here) {
    const relative = linkDestination(path.relative(path.dirname(here), target).split(path.sep));
    newText = `[${linkLabel(found.text)}](${relative}${heading ? `#${headingSlug(heading)}` : ''})`;
  } else {
    return undefined;
  }
  return { title: fitTitle('Link “', found.text, `” to the note ${name}`), kind: LINK_TERM, edit: { changes: { [document.uri]: [{ range: found.range, newText }] } } };
}

/** A heading's anchor as GitHub and VS Code's Markdown preview make it: lower case, spaces as dashes, no punctuation. */
function headingSlug(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s-]/gu, '').replace(/\s/g, '-');
}

function insideWikilink(document: TextDocument, range: Range): boolean {
  const line = document.getText({ start: { line: range.start.line, character: 0 }, end: { line: range.start.line + 1, character: 0 } });
  const before = line.slice(0, range.start.character);
  return before.lastIndexOf('[[') > before.lastIndexOf(']]');
}

/** "Don't show hovers for X", in the workspace and everywhere: the client adds X to `ignoreTerms`. */
function ignoreTermActions(term: string): CodeAction[] {
  const action = (where: string, scope: IgnoreScope): CodeAction => ({
    title: fitTitle('Don\'t show hovers for "', term, `" ${where}`),
    kind: IGNORE_TERM,
    command: { title: `Don't show hovers for "${stripInvisible(term)}"`, command: ClientCommands.ignoreTerm, arguments: [term, scope] },
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

function selectedOrWordAt(document: TextDocument, range: Range): { text: string; selected: boolean } | undefined {
  const selected = document.getText(range).trim();
  if (selected) return selected.length <= 100 ? { text: selected, selected: true } : undefined;
  for (const match of lineAt(document, range.start.line).matchAll(/[\p{L}\p{N}][\p{L}\p{N}-]*/gu)) {
    if (match.index! <= range.start.character && range.start.character <= match.index! + match[0].length) return { text: match[0], selected: false };
  }
  return undefined;
}

/**
 * The glossary: each term the doc uses (outside its glossary), once, with what it means and its
 * best reference; it replaces the glossary an earlier run wrote. Undefined when there is nothing
 * to write or the doc already holds exactly this glossary.
 */
function glossarySectionEdit(context: FeatureContext, document: TextDocument): WorkspaceEdit | undefined {
  const docText = document.getText();
  const { index } = context.workspace;
  const lines: GlossaryLine[] = [];
  const body = withoutGlossary(docText);
  for (const { entry, occurrences } of termsInDocument(index, body, true, document.uri)) {
    // The term's own reference, or none: a link the notes only hold near the term (its
    // section's, a line that mentions it) is no reference of the term's, as its card says.
    const best = openableReferences(context, ownReferences(entry, referencesFor(index, occurrences[0].text, entry)))[0];
    // Where notes define the term in several senses, the one its first mention fits, as its hover shows first.
    const ordered = orderedByFit(index, body, occurrences[0].start, occurrences[0].end, entry);
    const definition = ordered.definitions.find((d) => d.kind === 'term') ?? ordered.definitions[0];
    const text = definition?.text ?? '';
    // A bare URL's description is the definition's own text: the place it goes says more.
    const label = best && best.description && best.description.trim() !== text.trim() && best.description.length <= 60 ? best.description : best && linkTarget(best.url);
    lines.push({ term: entry.term, definition: text, link: best && label ? { label, url: best.url } : undefined });
  }
  if (lines.length === 0) return undefined;
  const change = glossaryEdit(docText, glossaryText(lines));
  if (!change) return undefined;
  const edit: TextEdit = { range: { start: document.positionAt(change.start), end: document.positionAt(change.end) }, newText: change.newText };
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
