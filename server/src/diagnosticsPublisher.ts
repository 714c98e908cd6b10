// Sends the notes' diagnostics a moment after the index changes (many changes, one send),
// and clears what no longer applies: a note closed, a skipped file indexed after all. The
// bundled notes get none: the user did not write them and cannot fix them.

import type { Connection } from 'vscode-languageserver';
import * as path from 'node:path';
import { uriToFile } from './core/workspace/notesWorkspace';
import { noteDiagnostics, skippedNoteDiagnostics } from './features/diagnostics';
import type { FeatureContext } from './features/context';

const DELAY_MS = 50;

export class DiagnosticsPublisher {
  private timer: NodeJS.Timeout | undefined;
  private skippedUris = new Set<string>();
  private stopped = false;

  /** `bundledNotesFolder`: the notes shipped with the extension, which get no diagnostics. */
  constructor(private readonly connection: Connection, private readonly context: FeatureContext, private readonly bundledNotesFolder?: string) {}

  schedule(): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.publish();
    }, DELAY_MS);
  }

  clear(uri: string): void {
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /** After shutdown the connection is about to close: nothing more is sent. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private publish(): void {
    const { workspace } = this.context;
    for (const document of this.context.documents.all()) {
      const note = workspace.index.note(document.uri);
      if (note && !isInsideFolder(document.uri, this.bundledNotesFolder)) void this.connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: noteDiagnostics(this.context, note) });
    }
    const skipped = skippedNoteDiagnostics(this.context);
    for (const uri of [...skipped.keys()]) if (isInsideFolder(uri, this.bundledNotesFolder)) skipped.delete(uri);
    for (const [uri, diagnostics] of skipped) void this.connection.sendDiagnostics({ uri, diagnostics });
    for (const uri of this.skippedUris) if (!skipped.has(uri)) this.clear(uri);
    this.skippedUris = new Set(skipped.keys());
  }
}

/** Whether a file URI names a file inside `folder` (the bundled notes' folder). */
export function isInsideFolder(uri: string, folder: string | undefined): boolean {
  const file = folder ? uriToFile(uri) : undefined;
  if (!file || !folder) return false;
  const relative = path.relative(path.resolve(folder), path.resolve(file));
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}
