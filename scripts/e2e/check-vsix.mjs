#!/usr/bin/env node
// Lists what a .vsix really holds (read from the zip itself, not from `vsce ls`) with sizes, and
// fails when it holds a file outside the expected set or lacks one the installed extension
// needs: the bundles, the bundled notes, and every file its package.json points at.
//
// Usage: node scripts/e2e/check-vsix.mjs FILE.vsix
// Exit code: 0 when the contents are as expected, 1 otherwise.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inflateRawSync } from 'node:zlib';

// vsce writes these two next to the extension's folder.
const vsceFiles = ['extension.vsixmanifest', '[Content_Types].xml'];
// vsce renames README.md, LICENSE and CHANGELOG.md to these inside the package.
const requiredFiles = [
  ...vsceFiles,
  'extension/package.json',
  'extension/readme.md',
  'extension/LICENSE.txt',
  'extension/changelog.md',
  'extension/dist/client.js',
  // Not named in package.json: client.js requires it once the server is started.
  'extension/dist/activation.js',
  // Not named in package.json: the client starts it as the language server.
  'extension/dist/server.js',
  // Not named in package.json: server.js loads it (with a code cache), and the server starts it
  // again as each worker thread of a full index (one copy of the core in the package).
  'extension/dist/server-main.js',
  // Not named in package.json: the server looks for it to find the bundled notes.
  'extension/notes-data/architecture.md',
  // Not named in package.json: what "Open Sample Design Doc" opens.
  'extension/media/walkthrough/sample-design.md',
];
const allowedFolders = ['extension/notes-data/', 'extension/syntaxes/', 'extension/media/'];

/** Entries of a zip file from its central directory: name, sizes, and the data when asked. */
function readZip(file) {
  const zip = fs.readFileSync(file);
  // The end-of-central-directory record: 22 bytes plus a comment of up to 64 KiB at the end.
  let end = -1;
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
    if (zip.readUInt32LE(at) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) throw new Error(`${file} is not a zip file`);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`${file}: broken central directory`);
    const method = zip.readUInt16LE(at + 10);
    const packedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localHeader = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    const data = () => {
      const start = localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
      const packed = zip.subarray(start, start + packedSize);
      if (method === 0) return packed;
      if (method === 8) return inflateRawSync(packed);
      throw new Error(`${file}: ${name} uses zip method ${method}`);
    };
    entries.push({ name, size, data });
  }
  return entries;
}

/** The files a manifest points at, as paths inside the package, with where it points at them. */
function filesNamedBy(manifest) {
  const named = [];
  const add = (value, where) => {
    // "$(search)" is a built-in icon, not a file.
    if (typeof value !== 'string' || value.startsWith('$(')) return;
    named.push({ file: path.posix.join('extension', path.posix.normalize(value)), where });
  };
  const contributes = manifest.contributes ?? {};
  add(manifest.main, 'main');
  add(manifest.icon, 'icon');
  for (const grammar of contributes.grammars ?? []) add(grammar.path, `grammar ${grammar.scopeName}`);
  for (const [place, containers] of Object.entries(contributes.viewsContainers ?? {})) {
    for (const container of containers) add(container.icon, `view container ${place}/${container.id}`);
  }
  for (const views of Object.values(contributes.views ?? {})) {
    for (const view of views) add(view.icon, `view ${view.id}`);
  }
  for (const walkthrough of contributes.walkthroughs ?? []) {
    for (const step of walkthrough.steps ?? []) {
      const where = `walkthrough step ${walkthrough.id}/${step.id}`;
      const { markdown, svg, image } = step.media ?? {};
      add(markdown, where);
      add(svg, where);
      // An image is one file or one per theme.
      for (const themed of typeof image === 'object' && image ? Object.values(image) : [image]) add(themed, where);
    }
  }
  return named;
}

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: node scripts/e2e/check-vsix.mjs FILE.vsix\n');
  process.exit(1);
}
const entries = readZip(file);
const names = new Set(entries.map((entry) => entry.name));

console.log(`Files in ${path.basename(file)} (as packed, unpacked sizes in bytes):`);
const width = Math.max(...entries.map((entry) => String(entry.size).length));
for (const entry of [...entries].sort((a, b) => a.name.localeCompare(b.name))) {
  console.log(`  ${String(entry.size).padStart(width)}  ${entry.name}`);
}
const unpacked = entries.reduce((sum, entry) => sum + entry.size, 0);
console.log(`${path.basename(file)}: ${entries.length} files, ${fs.statSync(file).size} bytes packed, ${unpacked} bytes unpacked`);

const problems = [];
for (const name of names) {
  const expected = requiredFiles.includes(name) || allowedFolders.some((folder) => name.startsWith(folder));
  if (!expected) problems.push(`unexpected file in the package: ${name}`);
}
for (const name of requiredFiles) {
  if (!names.has(name)) problems.push(`missing from the package: ${name}`);
}
const manifestEntry = entries.find((entry) => entry.name === 'extension/package.json');
if (manifestEntry) {
  for (const { file: named, where } of filesNamedBy(JSON.parse(manifestEntry.data().toString('utf8')))) {
    if (!names.has(named)) problems.push(`missing from the package: ${named} (package.json: ${where})`);
  }
}

if (problems.length > 0) {
  for (const problem of problems) console.error(`vsix contents: ${problem}`);
  process.exit(1);
}
console.log('vsix contents: as expected');
