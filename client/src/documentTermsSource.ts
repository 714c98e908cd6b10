// The known terms a document uses, asked of the server once per document version and index
// version, shared by the "In This Document" view and the term underlines.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DocumentTermsRequest, type DocumentTermItem } from '../../server/src/protocol';
import type { IndexStatusTracker } from './indexStatus';
import { isTermDocument } from './settings';

export class DocumentTermsSource {
  private cached: { key: string; terms: Promise<DocumentTermItem[]> } | undefined;

  constructor(private readonly client: LanguageClient, private readonly index: IndexStatusTracker) {}

  async termsIn(document: vscode.TextDocument): Promise<DocumentTermItem[]> {
    if (!isTermDocument(document)) return [];
    const key = `${document.uri.toString()}@${document.version}#${this.index.status?.version ?? -1}`;
    if (this.cached?.key !== key) {
      const uri = this.client.code2ProtocolConverter.asUri(document.uri);
      const terms = this.client.sendRequest(DocumentTermsRequest, { uri });
      this.cached = { key, terms };
      // A failed request must not stay cached.
      terms.catch(() => {
        if (this.cached?.terms === terms) this.cached = undefined;
      });
    }
    return this.cached.terms;
  }
}
