// Definitions: `_term_: text` items (with an expansion `_SOA (service oriented)_`, an acronym
// spelled out, aliases `aka X`), loose `term: text` items, `= X` equivalences of the topic,
// the items and quotes that continue a definition, and the topic that a heading defines.
// A definition of a facet word (`_benefits_`) is a facet instead (facets.ts).

import type { Definition, HoverMark, SectionPath } from '../../model';
import { initials, isAcronym, words } from '../../text/normalize';
import { cachedPhraseKey } from '../../text/rememberedKeys';
import { withoutCitations } from './citations';
import { addFacet, isFacetTerm } from './facets';
import { allMatches } from './matching';
import { append, type LineContent, type ParseState } from './parseState';
import { foldSpaces, plainText } from './prose';

const DEFINITION_ITEM = /^_([^_\n]+?)_(?:\s*:\s*|\s+(?=https?:)|\s*$)/u;
const LOOSE_DEFINITION = /^([\p{L}\p{N}][\p{L}\p{N} '’\/&+-]{1,40}?):\s+(?=\S)/u;

/**
 * Reads an item that defines a term or adds to a definition: `_term_: text`, `= X`, an item
 * continuing the definition above, `term: text`. False when the item is none of these.
 */
export function readDefiningItem(state: ParseState, at: LineContent): boolean {
  const content = at.content;
  const definition = content.startsWith('_') ? DEFINITION_ITEM.exec(content) : null;
  if (definition) {
    readDefinitionItem(state, at, definition);
    return true;
  }
  if (readEquivalence(state, at)) return true;
  // Continuation: items that follow a definition and define nothing belong to it.
  const owner = state.owner;
  const loose = owner && at.nested ? null : looseDefinition(content);
  if (owner && (at.nested || !loose)) {
    readContinuation(state, at, owner);
    return true;
  }
  return loose !== null && readLooseDefinition(state, at, loose);
}

/** `_term_: text`, or `_term (expansion)_: text`; `definition` is DEFINITION_ITEM's match. */
function readDefinitionItem(state: ParseState, at: LineContent, definition: RegExpExecArray): void {
  const rawTerm = definition[1].trim();
  const termStart = at.contentStart + 1 + definition[1].indexOf(rawTerm);
  if (isFacetTerm(rawTerm, state.extraFacets)) {
    addFacet(state, rawTerm, termStart, at.line);
    giveToTopic(state, at);
    return;
  }
  // `(.*\S)` rather than a lazy `(.+?)\s*`: the lazy form retried `\s*` from every space
  // of a run, which is quadratic on a term with a long run of spaces.
  const expansionMatch = /^(.*\S)\s*\(([^()]+)\)$/.exec(rawTerm);
  const term = expansionMatch ? expansionMatch[1].trim() : rawTerm;
  const parenthesised = expansionMatch?.[2].trim();
  // An expansion spells its name out, in as many words or more (`SOA (service oriented)`,
  // `LSM tree (log-structured merge tree)`); fewer words qualify the term instead
  // (`secondary index (distributed)`), and are no other name of it: "distributed" hovered as
  // a secondary index. The qualifier leads the definition, as `(product)` does when written there.
  const qualifier = parenthesised !== undefined && words(parenthesised).length < words(term).length ? parenthesised : undefined;
  const created = termDefinition(state, at, term, termStart, definition[0].length, qualifier === undefined ? parenthesised : undefined, false);
  if (qualifier !== undefined) created.text = created.text ? `(${qualifier}) ${created.text}` : `(${qualifier})`;
  if (!created.expansion && isAcronym(term)) {
    const spelled = created.text.replace(/[^\p{L}\p{N}\s-]/gu, ' ').trim();
    if (spelled && initials(spelled) === term.toLowerCase()) created.expansion = spelled;
  }
  addDefinition(state, at, created);
}

/** An item that defines no term of its own: its links and citations are the topic's. */
export function giveToTopic(state: ParseState, at: LineContent): void {
  const topic = state.topicDefinition;
  if (topic) {
    append(topic.links, at.lineLinks);
    append(topic.citations, at.citations);
  }
}

/** `= X, Y`: the topic is also called X and Y. False when the line says no such thing. */
function readEquivalence(state: ParseState, at: LineContent): boolean {
  const topic = state.topicDefinition;
  if (!at.content.startsWith('= ') || !topic) return false;
  const names = plainText(at.content.slice(2), at.links, at.contentStart + 2);
  append(topic.equivalences, names.split(/\s*,\s*/).map((n) => n.trim()).filter(Boolean));
  append(topic.links, at.lineLinks);
  return true;
}

/** An item that continues `owner`: its prose, aliases, links and citations join the definition. */
function readContinuation(state: ParseState, at: LineContent, owner: Definition): void {
  // The line's prose is the text it adds to the definition.
  const continuationText = at.prose;
  if (continuationText) owner.continuation.push(continuationText);
  const alias = /^aka\s/i.test(continuationText) ? aliasesIn(continuationText) : [];
  append(owner.aliases, alias);
  append(owner.links, at.lineLinks);
  append(owner.citations, at.citations);
  owner.range = { start: owner.range.start, end: state.lineRange(at.line).end };
}

/**
 * `term: text`, a short phrase and a colon opening an item; `loose` is LOOSE_DEFINITION's
 * match. False when the phrase is no term (a URL, `e.g.`, more than four words).
 */
function readLooseDefinition(state: ParseState, at: LineContent, loose: RegExpExecArray): boolean {
  if (/https?:/.test(loose[1]) || /^(?:aka|e\.g|i\.e|re|rf|ex)\b/i.test(loose[1]) || loose[1].trim().split(/\s+/).length > 4) return false;
  const term = loose[1].trim();
  const termStart = at.contentStart;
  if (isFacetTerm(term, state.extraFacets)) {
    addFacet(state, term, termStart, at.line);
    if (state.topicDefinition) append(state.topicDefinition.links, at.lineLinks);
    return true;
  }
  addDefinition(state, at, termDefinition(state, at, term, termStart, loose[0].length, undefined, true));
  return true;
}

// `<!-- hover: off -->`: an HTML comment, so that a rendered note reads as it did; the words
// inside say what it controls, and no note says them by accident.
const HOVER_MARK = /\s*<!--\s*hover\s*:\s*(on|off)\s*-->/i;

/** A definition's text without its hover marker, and what the marker says (see Definition.hover). */
function hoverMarkOf(text: string): { text: string; hover?: HoverMark } {
  // Most definitions have no HTML comment: only a text with one is searched.
  const mark = text.includes('<!--') ? HOVER_MARK.exec(text) : null;
  if (!mark) return { text };
  const rest = foldSpaces(text.slice(0, mark.index) + ' ' + text.slice(mark.index + mark[0].length));
  return { text: rest, hover: mark[1].toLowerCase() as HoverMark };
}

/** `term: text` at the start of an item: LOOSE_DEFINITION's match, if any. */
function looseDefinition(content: string): RegExpExecArray | null {
  // The term holds no colon, so the colon that ends it is the line's first; a term is 2 to 41
  // characters long. Most items have no colon there, and are not searched.
  // A URL's colon, the commonest, is followed by `//` where the term's is followed by a space.
  const colon = content.indexOf(':');
  return colon >= 2 && colon <= 41 && !content.startsWith('//', colon + 1) ? LOOSE_DEFINITION.exec(content) : null;
}

/**
 * The definition of `term` that the line makes, `term` standing at `termStart` of the line and
 * its text starting at `textFrom` of the content. The line's links and citations are the
 * definition's: citations and URLs are cut out of its text, a Markdown link leaves its label.
 */
function termDefinition(
  state: ParseState, at: LineContent, term: string, termStart: number, textFrom: number,
  expansion: string | undefined, loose: boolean,
): Definition {
  const line = at.line;
  const written = at.content.slice(textFrom);
  const { text: marked, hover } = hoverMarkOf(plainText(written, at.links, at.contentStart + textFrom));
  // A definition written as links alone has no text of its own: the card shows its links in
  // its place (query/present.ts), which their labels alone would hide. Without a label, the
  // text above already says so.
  const linksAlone = at.links.some((link) => link.label) && withoutCitations(hoverMarkOf(plainText(written, at.links, at.contentStart + textFrom, false)).text) === '';
  const text = linksAlone ? '' : withoutCitations(marked);
  const definition: Definition = {
    term,
    expansion,
    aliases: aliasesIn(text),
    equivalences: [],
    text,
    range: state.lineRange(line),
    termRange: state.lineRange(line, termStart, termStart + term.length),
    sectionPath: state.path(),
    label: state.label?.name,
    continuation: [],
    links: at.lineLinks,
    citations: at.citations,
    quotes: [],
    loose,
    inbox: state.inbox,
    kind: 'term',
  };
  // Only a marked definition has the field: the note cache and the notes' equality compare keys.
  if (hover) definition.hover = hover;
  if (!loose) return definition;
  // A loose definition has no expansion, and the note it is in has never held the field: the
  // note cache and the notes' equality compare keys. Loose definitions are few.
  const { expansion: _never, ...withoutExpansion } = definition;
  return withoutExpansion;
}

/** The definition that the heading of a topic makes of its name, which stands at `nameStart`. */
export function topicDefinition(state: ParseState, line: number, name: string, nameStart: number, sectionPath: SectionPath): Definition {
  return {
    term: name,
    aliases: [],
    equivalences: [],
    text: '',
    range: state.lineRange(line),
    termRange: state.lineRange(line, nameStart, nameStart + name.length),
    sectionPath,
    continuation: [],
    links: [],
    citations: [],
    quotes: [],
    loose: false,
    inbox: false,
    kind: 'topic',
  };
}

/**
 * Adds a term's definition to the note, where the lines after it may continue it; reports a
 * term defined twice in one section, or defined with nothing.
 */
function addDefinition(state: ParseState, at: LineContent, created: Definition): void {
  // A link on the line that no words describe is described by the term.
  for (const link of at.lineLinks) link.description ||= created.term;
  const note = state.note;
  // The key the index files the term under, found once for both (see rememberedKeys.ts).
  const key = created.sectionPath.join('\u0000') + '\u0000' + (created.label ?? '') + '\u0000' + cachedPhraseKey(created.term);
  const earlier = state.sectionKeys.get(key);
  if (earlier) {
    note.problems.push({
      kind: 'duplicate-definition',
      message: `"${created.term}" is defined twice in ${created.sectionPath.join(' › ') || 'this note'} (first on line ${earlier.range.start.line + 1}).`,
      range: created.termRange,
    });
  } else {
    state.sectionKeys.set(key, created);
  }
  if (!created.text && created.links.length === 0) {
    note.problems.push({ kind: 'empty-definition', message: `"${created.term}" has no definition yet.`, range: created.termRange });
  }
  note.definitions.push(created);
  state.owner = created;
}

const ALIAS = /\baka\s+([^,;()[\]📙📍🗄]+?)(?=\s*(?:$|[,;()[\]📙📍🗄]|\s-\s|\bhttps?:))/giu;
// With the same flags as ALIAS, so that it finds every `aka` that ALIAS can.
const AKA = /aka/iu;

/** `aka yak shaving https://…` → ["yak shaving"]; several names may be joined by "or" or commas. */
function aliasesIn(text: string): string[] {
  const aliases: string[] = [];
  // Most definitions name no alias: only a text with `aka` in it is searched for one.
  if (!AKA.test(text)) return aliases;
  for (const match of allMatches(ALIAS, text)) {
    for (const name of match[1].split(/\s+or\s+/)) if (name.trim()) aliases.push(name.trim());
  }
  return aliases;
}
