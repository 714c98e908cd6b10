// Go to definition: every place the notes define the term under the cursor.

import type { Location } from 'vscode-languageserver';
import { termUnder, type FeatureContext, type Position } from './context';

export function definition(context: FeatureContext, uri: string, position: Position): Location[] {
  const found = termUnder(context, uri, position);
  if (!found) return [];
  // A glossary imported from an https URL has no file an editor could open.
  return found.entry.definitions.filter((d) => d.uri.startsWith('file:')).map((d) => ({ uri: d.uri, range: d.termRange }));
}
