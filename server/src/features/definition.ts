// Go to definition: every place the notes define the term under the cursor; on a wikilink in
// a note, the note it names (at the heading it names, if any).

import type { Location } from 'vscode-languageserver';
import { resolveWikilink } from '../core/query/wikilinks';
import { crossReferenceAt, termUnder, type FeatureContext, type Position } from './context';

export function definition(context: FeatureContext, uri: string, position: Position): Location[] {
  if (context.workspace.isNoteUri(uri)) {
    const reference = crossReferenceAt(context, uri, position);
    if (reference?.wikilink) {
      const target = resolveWikilink(context.workspace.index, reference.file);
      if (!target) return [];
      // `[[Note#Heading]]`: the heading, as Obsidian opens it; else the note's title.
      const wanted = reference.section?.toLowerCase();
      const heading = wanted ? context.workspace.index.note(target.uri)?.sections.find((s) => s.name.toLowerCase() === wanted) : undefined;
      if (heading) return [{ uri: target.uri, range: heading.headingRange }];
      const own = target.entry?.definitions.find((d) => d.uri === target.uri);
      const start = { line: 0, character: 0 };
      return [{ uri: target.uri, range: own ? own.termRange : { start, end: start } }];
    }
  }
  const found = termUnder(context, uri, position);
  if (!found) return [];
  // A glossary imported from an https URL has no file an editor could open.
  return found.entry.definitions.filter((d) => d.uri.startsWith('file:')).map((d) => ({ uri: d.uri, range: d.termRange }));
}
