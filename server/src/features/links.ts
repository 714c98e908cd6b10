// Links: a note's cross-references (`sql.md`) as document links, and the openReference
// command, which opens only what the URL policy allows, where it allows it.

import { ErrorCodes, ResponseError, type DocumentLink, type ShowDocumentParams } from 'vscode-languageserver';
import { judgeLink, openableHref } from '../core/query/urlPolicy';
import { crossReferenceTarget, isIndexedNote, type FeatureContext } from './context';

export function documentLinks(context: FeatureContext, uri: string): DocumentLink[] {
  const note = context.workspace.index.note(uri);
  if (!note) return [];
  return note.crossReferences.flatMap((reference) => {
    const known = crossReferenceTarget(context, reference);
    const target = known && openableHref(known, (url) => isIndexedNote(context, url));
    return target ? [{ range: reference.fileRange, target, tooltip: `Open ${reference.file}` }] : [];
  });
}

/**
 * What `window/showDocument` should open for the openReference command's arguments, or an
 * error that says why not. Judged on the parsed scheme, and what is opened is the parsed URL:
 * the raw text may say `FILE:` or ` file:`, which the editor would hand to the system opener
 * as a web link.
 */
export function openReferenceTarget(context: FeatureContext, args: unknown[] | undefined): ShowDocumentParams {
  const url = Array.isArray(args) ? args[0] : undefined;
  if (typeof url !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'openReference takes one URL');
  const verdict = judgeLink(url, (fileUrl) => isIndexedNote(context, fileUrl));
  if (verdict.open === 'never') throw new ResponseError(ErrorCodes.InvalidParams, `Refusing to open ${JSON.stringify(url.slice(0, 200))}: ${verdict.reason}; only http, https and indexed notes are opened.`);
  return { uri: verdict.href, external: verdict.open === 'external', takeFocus: true };
}
