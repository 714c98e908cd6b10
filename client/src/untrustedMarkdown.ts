// Tooltips built from note text. The notes are the user's files but may hold anything pasted
// from the web, so their text is shown literally: escaped, never trusted, no HTML, no icons.
import * as vscode from 'vscode';

export function untrustedTooltip(title: string, ...paragraphs: (string | undefined)[]): vscode.MarkdownString {
  const markdown = new vscode.MarkdownString('', false);
  markdown.isTrusted = false;
  markdown.supportHtml = false;
  markdown.appendMarkdown('**').appendText(title).appendMarkdown('**');
  for (const paragraph of paragraphs) {
    if (paragraph && paragraph.trim()) markdown.appendMarkdown('\n\n').appendText(paragraph);
  }
  return markdown;
}
