// The note's structure: headings (the note's icon, areas, topics, references and inbox
// sections), the `---` that splits a section into distilled and raw material, and labels
// (`KLEPPMANN`), which group the lines under them inside a section.

import type { Label, Section } from '../../model';
import { topicDefinition } from './definitions';
import type { LineContent, ParseState } from './parseState';

// Section headings in the author's other language that have a fixed meaning.
const REFERENCE_HEADINGS = new Set(['参考', 'references', 'refs', 'see also']);
const INBOX_HEADINGS = new Set(['进步', '进来', 'inbox', 'progress', 'reading list']);

const LABEL_LINE = /^([A-Z][A-Z0-9&'’\/+-]*(?:\s+[A-Z0-9&'’\/+-]+)*)(?=\s*$|\s+(?:https?:|🗄|`|📙))/u;
const EMOJI_ONLY = /^[\p{Extended_Pictographic}\p{Emoji_Component}\uFE0F\u200D\s]+$/u;
const DECORATION = /^([^\p{L}\p{N}\s]+)\s*/u;

/** Reads a heading of `level`: it closes the section before it and opens its own. */
export function readHeading(state: ParseState, line: number, lineText: string, level: number): void {
  state.closeSection(line, level === 1);
  state.owner = undefined;
  state.group = undefined;
  state.inbox = false;
  state.distilledSomething = false;
  state.sectionKeys.clear();
  // The lookbehind keeps the closing-sequence match from starting inside a run of spaces,
  // where it would rescan the run from every space (quadratic on a long run).
  const raw = lineText.replace(/^\s*#+\s*/, '').replace(/(?<!\s)\s+#+\s*$/, '').trim();
  if (level === 1 && EMOJI_ONLY.test(raw)) {
    state.note.icon = raw;
    state.area = undefined;
    state.section = undefined;
    state.topicDefinition = undefined;
    return;
  }
  const decoration = DECORATION.exec(raw);
  const name = (decoration ? raw.slice(decoration[0].length) : raw).trim() || raw;
  const lower = name.toLowerCase();
  const sectionKind: Section['kind'] = REFERENCE_HEADINGS.has(lower) ? 'references'
    : INBOX_HEADINGS.has(lower) ? 'inbox'
    : level === 1 ? 'area' : level === 2 ? 'topic' : 'heading';
  const parentPath = level === 1 ? [] : state.area ? state.area.path : [];
  const created: Section = {
    kind: sectionKind,
    name,
    decoration: decoration ? decoration[1] : undefined,
    level,
    path: [...parentPath, name],
    range: state.lineRange(line),
    headingRange: state.lineRange(line),
    labels: [],
  };
  state.note.sections.push(created);
  if (level === 1) {
    state.area = created;
    state.section = undefined;
  } else {
    state.section = created;
  }
  state.topicDefinition = undefined;
  if (sectionKind === 'topic') {
    // A topic's heading defines its name.
    state.topicDefinition = topicDefinition(state, line, name, lineText.indexOf(name), created.path);
    state.note.definitions.push(state.topicDefinition);
  }
}

/** Reads `---`: what follows in the section is raw material (its inbox), no longer distilled. */
export function readBreak(state: ParseState, line: number): void {
  state.closeLabel(line);
  state.owner = undefined;
  state.group = undefined;
  const current = state.section ?? state.area;
  // A topic with nothing above its `---` but pointers to other notes (`## semantics`, then
  // `---` and the raw material) has distilled nothing yet: its heading files what is below,
  // and all the topic holds is raw material, as its definition is then marked.
  const topic = state.topicDefinition;
  if (topic && !state.inbox && !state.distilledSomething && current === state.section) topic.inbox = true;
  state.inbox = true;
  if (current && current.inboxLine === undefined) current.inboxLine = line;
}

/** Reads a label line (capitals, a link may follow), which opens a label's scope: true when it is one. */
export function readLabel(state: ParseState, at: LineContent): boolean {
  const { content, contentStart, line } = at;
  // A label starts with a capital: other lines are not searched.
  const labelMatch = isCapital(content.charCodeAt(0)) ? LABEL_LINE.exec(content) : null;
  if (!labelMatch || !/[A-Z]{2}/.test(labelMatch[1]) || /[a-z]/.test(labelMatch[1])) return false;
  state.closeLabel(line);
  const label: Label = {
    name: labelMatch[1],
    range: state.lineRange(line, contentStart, contentStart + labelMatch[1].length),
    scope: state.lineRange(line),
    url: at.lineLinks[0]?.url,
  };
  state.label = label;
  for (const link of at.lineLinks) link.label = label.name;
  (state.section ?? state.area)?.labels.push(label);
  state.owner = undefined;
  state.group = undefined;
  return true;
}

function isCapital(code: number): boolean {
  return code >= 0x41 && code <= 0x5a;
}
