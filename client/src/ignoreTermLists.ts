// What "Don't show hovers for X" writes to `architectureNotes.ignoreTerms`, worked out from the
// values each scope holds now. Plain data in and out, so that it is tested without VS Code.
import type { IgnoreScope } from '../../server/src/protocol';

/** The lists as VS Code's `inspect` reports them: undefined where a scope sets nothing. */
export interface IgnoreTermValues {
  globalValue?: unknown;
  workspaceValue?: unknown;
}

/** The new list of each scope to write; a scope left out stays as it is. */
export interface IgnoreTermWrites {
  user?: string[];
  workspace?: string[];
}

/**
 * The writes that stop `term` hovering in `scope`. A workspace list replaces the user's list
 * (VS Code does not merge arrays), so a first workspace list starts from the user's terms, and
 * a term ignored for the user is also added to a workspace list that would hide it here.
 */
export function ignoreTermWrites(values: IgnoreTermValues, term: string, scope: IgnoreScope): IgnoreTermWrites {
  const user = strings(values.globalValue);
  const workspace = values.workspaceValue === undefined ? undefined : strings(values.workspaceValue);
  const writes: IgnoreTermWrites = {};
  if (scope === 'user') {
    if (!holds(user, term)) writes.user = [...user, term];
    if (workspace && !holds(workspace, term)) writes.workspace = [...workspace, term];
  } else {
    const effective = workspace ?? user;
    if (!holds(effective, term)) writes.workspace = [...effective, term];
  }
  return writes;
}

/** The strings of a setting's value; anything else in it (a hand-edited mistake) is dropped. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Whether the list names the term already, whatever the case or spacing. */
function holds(list: string[], term: string): boolean {
  const key = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();
  return list.some((t) => key(t) === key(term));
}
