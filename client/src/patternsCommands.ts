// What the Patterns view's items do: a click and the context menu. Each command takes the
// clicked node, or the view's selection when run from a keybinding.
import * as vscode from 'vscode';
import { insertLinkAtCursor, openReference, revealInNote } from './noteLocations';
import { linkOf, PatternCommands, type PatternNode } from './patternsTree';
import { withoutIcons } from './presentation';

export function registerPatternCommands(view: vscode.TreeView<PatternNode>, log: vscode.LogOutputChannel): vscode.Disposable[] {
  const target = (node: PatternNode | undefined) => node ?? view.selection[0];
  const withLink = (node: PatternNode | undefined) => {
    const chosen = target(node);
    const link = chosen ? linkOf(chosen.node) : undefined;
    if (chosen && !link) log.info(`"${chosen.node.label}" has no reference.`);
    return link;
  };
  return [
    vscode.commands.registerCommand(PatternCommands.revealInNotes, async (node?: PatternNode) => {
      const chosen = target(node);
      if (chosen) await revealInNote(chosen.node.uri, chosen.node.range);
    }),
    vscode.commands.registerCommand(PatternCommands.openReference, async (node?: PatternNode) => {
      const link = withLink(node);
      if (link) await openReference(link.url, log);
    }),
    vscode.commands.registerCommand(PatternCommands.copyLink, async (node?: PatternNode) => {
      const link = withLink(node);
      if (!link) return;
      await vscode.env.clipboard.writeText(link.url);
      // The status bar draws `$(name)` as an icon, and a URL may hold one.
      vscode.window.setStatusBarMessage(`Copied ${withoutIcons(link.url)}`, 3000);
    }),
    vscode.commands.registerCommand(PatternCommands.insertLink, async (node?: PatternNode) => {
      const link = withLink(node);
      if (link) await insertLinkAtCursor(link.label, link.url, log);
    }),
  ];
}
