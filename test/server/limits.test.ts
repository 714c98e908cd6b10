import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startClient } from './helpers';

describe('server: notes it will not read', () => {
  it('skips a note over the size limit and a binary file, with a log line and a diagnostic on each', async () => {
    const big = `## big\n\n* _huge term_: ${'x'.repeat(3000)}\n`;
    const client = await startClient({
      files: { 'notes/big.md': big, 'notes/small.md': '## small\n\n* _tiny term_: fits\n' },
      pulledSettings: { notesPaths: ['notes'], maxFileSize: 2000, includeBundledNotes: false },
    });
    try {
      fs.writeFileSync(path.join(client.folder, 'notes', 'blob.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13]));
      const status = await client.connection.sendRequest('architectureNotes/reindex') as { skipped: { path: string; reason: string }[]; notes: number };
      assert.deepEqual(status.skipped.map((s) => path.basename(s.path)).sort(), ['big.md', 'blob.md']);
      assert.equal(status.notes, 1, 'small.md');

      const bigDiagnostics = await client.diagnosticsFor(client.uri('notes/big.md'), (d) => d.diagnostics.length > 0);
      assert.match(String(bigDiagnostics.diagnostics[0].message), /^Not indexed: larger than the limit/);
      const blobDiagnostics = await client.diagnosticsFor(client.uri('notes/blob.md'), (d) => d.diagnostics.length > 0);
      assert.match(String(blobDiagnostics.diagnostics[0].message), /^Not indexed: not a text file/);
      assert.ok(client.logs.some((line) => /Skipped .*big\.md: larger than the limit/.test(line)));

      // Once the file fits, it is read and its warning goes away.
      fs.writeFileSync(path.join(client.folder, 'notes', 'big.md'), '## big\n\n* _huge term_: now small\n');
      await client.connection.sendRequest('architectureNotes/reindex');
      const cleared = await client.diagnosticsFor(client.uri('notes/big.md'), (d) => d.diagnostics.length === 0);
      assert.equal(cleared.diagnostics.length, 0);
    } finally {
      await client.dispose();
    }
  });
});
