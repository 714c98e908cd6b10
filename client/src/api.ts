// What `activate` returns: other extensions and the in-VS-Code tests wait on `ready` instead of
// sleeping, and reach the views and the search through the same code the UI uses.
import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { DocumentTermItem, IndexStatus } from '../../server/src/protocol';
import type { PatternNode } from './patternsTree';
import type { DocumentTermsProvider } from './documentTerms';
import type { NotesSearcher, SearchPickItem } from './search';
import type { NotesStatusBar } from './statusBar';

export interface ArchitectureNotesApi {
  /** Settles once the server has indexed the notes for the first time; rejects if it cannot start. */
  readonly ready: Promise<IndexStatus>;
  /** Every index status the server reports (indexing, ready, changes). */
  readonly onIndexStatus: vscode.Event<IndexStatus>;
  indexStatus(): IndexStatus | undefined;
  readonly client: LanguageClient;
  /** The Patterns view's data, exactly as the view shows it. */
  readonly patterns: vscode.TreeDataProvider<PatternNode>;
  /** The items Search Notes… shows for a query. */
  search(query: string): Promise<SearchPickItem[]>;
  /** The Search Notes box: what it holds while open. */
  readonly searcher: NotesSearcher;
  /** The status bar item, as shown. */
  readonly statusBar: NotesStatusBar;
  /** The "In This Document" view's data, exactly as the view shows it. */
  readonly documentTermsView: DocumentTermsProvider;
  /** The terms "In This Document" lists for a document. */
  documentTerms(document: vscode.TextDocument): Promise<DocumentTermItem[]>;
}
