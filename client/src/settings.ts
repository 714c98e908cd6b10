// The extension's settings as the server expects them (`NotesSettings`), read from VS Code's
// `architectureNotes` section. Values are passed through as they are: the server checks their
// types and falls back to its defaults with a logged warning.
import * as vscode from 'vscode';
import { DEFAULT_SETTINGS, SETTINGS_SECTION, type NotesSettings } from '../../server/src/protocol';
import { folderNotesPaths, type RestrictedFolderPaths } from './folderNotesPaths';
import { restrictNotesPaths, type RestrictedPaths } from './restrictedPaths';

export function readNotesSettings(): NotesSettings {
  const configuration = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  return {
    notesPaths: notesPathsForServer().allowed,
    folderNotesPaths: folderNotesPathsForServer().allowed,
    includeBundledNotes: configuration.get('includeBundledNotes', DEFAULT_SETTINGS.includeBundledNotes),
    languages: configuration.get('languages', DEFAULT_SETTINGS.languages),
    ignoreTerms: configuration.get('ignoreTerms', DEFAULT_SETTINGS.ignoreTerms),
    maxFileSizeMB: configuration.get('maxFileSizeMB', DEFAULT_SETTINGS.maxFileSizeMB),
    maxFileSize: configuration.get('maxFileSize', DEFAULT_SETTINGS.maxFileSize),
    conceptNotes: configuration.get('conceptNotes', DEFAULT_SETTINGS.conceptNotes),
    // In Restricted Mode the workspace's glossaries may import only files inside it, and no URL.
    workspaceTrusted: vscode.workspace.isTrusted,
  };
}

/** The languages that get term features; a bad value means the default rather than none. */
export function termLanguages(): string[] {
  // Read alone, not with readNotesSettings: every document opened asks, and the notes paths cost a look at each folder.
  const languages: unknown = vscode.workspace.getConfiguration(SETTINGS_SECTION).get('languages', DEFAULT_SETTINGS.languages);
  return Array.isArray(languages) && languages.every((l) => typeof l === 'string') ? languages : DEFAULT_SETTINGS.languages;
}

/** Saved files and unsaved drafts both get term features; other schemes (git, output) do not. */
export const TERM_SCHEMES = ['file', 'untitled'];

export function isTermDocument(document: vscode.TextDocument): boolean {
  return TERM_SCHEMES.includes(document.uri.scheme) && termLanguages().includes(document.languageId);
}

export function highlightTermsEnabled(document: vscode.TextDocument): boolean {
  return vscode.workspace.getConfiguration(SETTINGS_SECTION, document.uri).get<boolean>('highlightTerms', false) === true;
}

/**
 * The notes paths the server may read. In Restricted Mode the workspace's own settings may
 * only name notes inside the workspace; the user's settings are the user's and always count.
 */
export function notesPathsForServer(): RestrictedPaths {
  const configuration = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  if (vscode.workspace.isTrusted) return { allowed: configuration.get('notesPaths', DEFAULT_SETTINGS.notesPaths), refused: [] };
  const inspected = configuration.inspect<unknown>('notesPaths');
  const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  return restrictNotesPaths(strings(inspected?.globalValue), [...strings(inspected?.workspaceValue), ...strings(inspected?.workspaceFolderValue)], folders);
}

/**
 * Each workspace folder's own notes paths, in a multi-root workspace: the value in the folder's
 * `.vscode/settings.json`, whose notes the server applies to that folder's documents only.
 * `notesPaths` keeps the scope machine-overridable, which VS Code reads in a folder's settings
 * as it reads `resource` settings; `resource` would also carry the user's local paths into a
 * remote window (SSH, WSL, a container), where they name nothing, and let Settings Sync copy
 * one machine's paths to the others, which machine-overridable settings are kept out of.
 * `notesPathsForServer` reads the window's value; each folder's is read here, by its URI.
 * In a window of one folder, that folder's settings are the workspace's, read already.
 */
export function folderNotesPathsForServer(): RestrictedFolderPaths {
  if (!vscode.workspace.workspaceFile) return { allowed: [], refused: [] };
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  const settings = folders.map((f) => ({ folder: f.uri.fsPath, value: vscode.workspace.getConfiguration(SETTINGS_SECTION, f.uri).inspect<unknown>('notesPaths')?.workspaceFolderValue }));
  return folderNotesPaths(settings, vscode.workspace.isTrusted, folders.map((f) => f.uri.fsPath));
}
