// Go to definition: every place the notes define the term under the cursor.

import type { Location } from 'vscode-languageserver';
import { termUnder, type FeatureContext, type Position } from './context';

export function definition(context: FeatureContext, uri: string, position: Position): Location[] {
  const found = termUnder(context, uri, position);
  if (!found) return [];
  return found.entry.definitions.map((d) => ({ uri: d.uri, range: d.termRange }));
}
