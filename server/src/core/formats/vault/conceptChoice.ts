// Which notes of a vault contribute terms (the `architectureNotes.conceptNotes` setting): all
// of them, those carrying a tag, or those inside some folders. In vaults where every note is
// a concept the default (all) fits; in a vault of journals and meeting notes a tag or a
// folder says which notes are concepts.

export type ConceptNotesChoice =
  | { kind: 'all' }
  | { kind: 'tagged'; tags: string[] }
  | { kind: 'folders'; folders: string[] };

export const ALL_CONCEPT_NOTES: ConceptNotesChoice = { kind: 'all' };

/**
 * The choice from the setting's value: `"all"`, `"tagged:concept"` (several tags separated
 * by commas), `"folders:concepts,glossary"`, or a list of folders; or else an error message.
 */
export function parseConceptNotesChoice(value: unknown): ConceptNotesChoice | string {
  if (value === undefined || value === null) return ALL_CONCEPT_NOTES;
  if (Array.isArray(value)) {
    if (!value.every((v) => typeof v === 'string')) return 'conceptNotes must be "all", "tagged:<tag>", "folders:<folder>,…" or a list of folders';
    const folders = value.map(normalizeFolder).filter((f) => f !== '');
    return folders.length > 0 ? { kind: 'folders', folders } : ALL_CONCEPT_NOTES;
  }
  if (typeof value !== 'string') return 'conceptNotes must be "all", "tagged:<tag>", "folders:<folder>,…" or a list of folders';
  const text = value.trim();
  if (text === '' || text.toLowerCase() === 'all') return ALL_CONCEPT_NOTES;
  const prefixed = /^(tagged|folders?)\s*:\s*(.*)$/i.exec(text);
  if (!prefixed) return `conceptNotes "${text.slice(0, 80)}" is not "all", "tagged:<tag>" or "folders:<folder>,…"`;
  const items = prefixed[2].split(',').map((item) => item.trim()).filter((item) => item !== '');
  if (items.length === 0) return `conceptNotes "${text.slice(0, 80)}" names no ${prefixed[1].toLowerCase().startsWith('tag') ? 'tag' : 'folder'}`;
  if (prefixed[1].toLowerCase() === 'tagged') return { kind: 'tagged', tags: items.map(normalizeTag) };
  return { kind: 'folders', folders: items.map(normalizeFolder) };
}

/** Whether a note with these tags, at this URI, contributes its terms. */
export function isChosenConcept(choice: ConceptNotesChoice, uri: string, tags: readonly string[]): boolean {
  if (choice.kind === 'all') return true;
  if (choice.kind === 'tagged') {
    const own = new Set(tags.map(normalizeTag));
    // A nested tag counts for its parents: `concept/db` is tagged `concept`.
    return choice.tags.some((tag) => own.has(tag) || [...own].some((t) => t.startsWith(`${tag}/`)));
  }
  const path = decodeURIComponentSafe(uri).replace(/\\/g, '/').toLowerCase();
  return choice.folders.some((folder) => path.includes(`/${folder.toLowerCase()}/`));
}

export function normalizeTag(tag: string): string {
  return tag.trim().replace(/^#/, '').toLowerCase();
}

function normalizeFolder(folder: string): string {
  return folder.trim().replace(/\\/g, '/').replace(/^\.?\/+|\/+$/g, '');
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
