// The `yaml` package, loaded on its first use rather than with the server: only a Contextive
// glossary, or a vault note's frontmatter that is more than flat `key: value` lines, needs it,
// and many workspaces (the bundled notes among them) have neither. Required with the rest of
// the code, its setup was part of every start.

import type * as Yaml from 'yaml';

let loaded: typeof Yaml | undefined;

/** The yaml package's API, required on the first call. */
export function yaml(): typeof Yaml {
  return (loaded ??= require('yaml') as typeof Yaml);
}
