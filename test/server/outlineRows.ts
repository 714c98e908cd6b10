// The Patterns outline over JSON-RPC as the view reads it: a level at a time, following the
// "… more" rows, children inline or asked for by the row's id. For tests that look at many rows.

import type { ProtocolConnection } from 'vscode-languageserver-protocol/node';
import { OutlineRequest, type OutlineNode } from '../../server/src/protocol';

/** Every row under `parent` (the first level without it), the "… more" rows followed. */
export async function outlineLevel(connection: ProtocolConnection, parent?: string): Promise<OutlineNode[]> {
  const rows: OutlineNode[] = [];
  let answer = await connection.sendRequest(OutlineRequest, parent === undefined ? {} : { parent });
  for (;;) {
    const more = answer.find((row) => row.kind === 'more');
    rows.push(...answer.filter((row) => row.kind !== 'more'));
    if (!more) return rows;
    answer = await connection.sendRequest(OutlineRequest, { parent: more.id });
  }
}

/** A row's children: inline, or asked for. */
export async function outlineChildren(connection: ProtocolConnection, row: OutlineNode): Promise<OutlineNode[]> {
  if (row.children) return row.children;
  return row.hasChildren ? outlineLevel(connection, row.id) : [];
}

/** The whole outline, every row with its `children` filled in: what the view shows fully expanded. */
export async function wholeOutline(connection: ProtocolConnection): Promise<OutlineNode[]> {
  return expanded(connection, await outlineLevel(connection));
}

async function expanded(connection: ProtocolConnection, rows: OutlineNode[]): Promise<OutlineNode[]> {
  for (const row of rows) {
    if (row.hasChildren) row.children = await expanded(connection, row.children ?? (await outlineLevel(connection, row.id)));
  }
  return rows;
}
