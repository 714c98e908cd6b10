#!/usr/bin/env node
// `npm run screenshots`: pictures of the extension at work in a real VS Code for the README,
// taken in code-server (installed on first use into .e2e/) with headless Chromium:
//   hover.png    the hover on "circuit breaker" in samples/design-doc.md
//   sidebar.png  the Architecture Notes views, one topic of Patterns expanded
//   search.png   Search Notes… with the results for "scaling"
//   hover-vault.png  the hover on "idempotent" in test/e2e/formats-workspace/design.md: the
//                concept note Idempotency of a small Obsidian-style vault, by its alias
// Each is cropped to the part of the window it is about. The texts come from the bundled
// notes and that workspace, so the pictures change when they do: run this again and look at them.
//
// Usage: npm run screenshots -- [--out DIR] [--no-build]
// Exit code 0 when all four were saved; 1 otherwise, with failure.png and the kept
// code-server log named on stderr.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import {
  build,
  chromiumPath,
  freePort,
  installCodeServerIfMissing,
  log,
  remote,
  repoRoot,
  sampleDoc,
  sampleUrl,
  startCodeServer,
  workbenchUrl,
} from './lib/code-server.mjs';
import { phraseBox } from './e2e/editor-page.mjs';

const { values: options } = parseArgs({
  options: {
    out: { type: 'string', default: path.join(repoRoot, 'docs', 'images') },
    build: { type: 'boolean', default: true },
  },
  allowNegative: true,
});
const outDir = path.resolve(options.out);

const viewport = { width: 1280, height: 800 };
const hoverPhrase = 'circuit breaker';
const patternsTopic = 'monolith';
const searchQuery = 'scaling';
const searchCommandTitle = 'Architecture Notes: Search Notes';
const sampleFileName = path.basename(sampleDoc);
// A vault term, hovered in the workspace the e2e suite reads the note formats in.
const vaultWorkspace = path.join(repoRoot, 'test', 'e2e', 'formats-workspace');
const vaultDoc = path.join(vaultWorkspace, 'design.md');
const vaultPhrase = 'idempotent';
// The index is built in the background after activation; everything that shows notes waits
// for it, up to this long.
const readyTimeoutMs = 60_000;

// Settings for the pictures only: the minimap would take the editor's right edge for a blur of
// text, and the other settings come from the shared defaults in lib/code-server.mjs.
const screenshotSettings = {
  'editor.minimap.enabled': false,
};

// The bundled notes name some sections in Chinese and quote with emoji; without these fonts
// Chromium draws empty boxes instead. Debian packages, installed like Chromium itself is.
const fontPackages = [
  { name: 'fonts-wqy-microhei', present: () => fontconfigHas(':lang=zh') },
  { name: 'fonts-noto-color-emoji', present: () => fontconfigHas(':charset=1f4d9') },
];

function fontconfigHas(pattern) {
  const result = spawnSync('fc-list', [pattern, 'family'], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.trim().length > 0;
}

function installMissingFonts() {
  const missing = fontPackages.filter((font) => !font.present()).map((font) => font.name);
  if (missing.length === 0) return;
  log(`installing fonts the notes need: ${missing.join(' ')}`);
  const asRoot = process.getuid?.() === 0 ? [] : ['sudo'];
  const install = [...asRoot, 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'install', '-y', '-q', '--no-install-recommends', ...missing];
  const result = spawnSync(install[0], install.slice(1), { stdio: 'inherit' });
  if (result.status !== 0) log(`could not install ${missing.join(' ')}: some characters will show as boxes`);
}

// The smallest viewport rectangle holding every box, with `padding` around, in whole pixels.
function clipAround(boxes, padding) {
  const left = Math.max(0, Math.floor(Math.min(...boxes.map((box) => box.x)) - padding));
  const top = Math.max(0, Math.floor(Math.min(...boxes.map((box) => box.y)) - padding));
  const right = Math.min(viewport.width, Math.ceil(Math.max(...boxes.map((box) => box.x + box.width)) + padding));
  const bottom = Math.min(viewport.height, Math.ceil(Math.max(...boxes.map((box) => box.y + box.height)) + padding));
  return { x: left, y: top, width: right - left, height: bottom - top };
}

async function save(page, name, clip) {
  const file = path.join(outDir, name);
  await page.screenshot({ path: file, clip });
  log(`saved ${path.relative(repoRoot, file)} (${clip.width}x${clip.height})`);
}

// Moving the mouse away hides tooltips and hovers left over from the step before.
async function parkMouse(page) {
  await page.mouse.move(viewport.width - 20, viewport.height - 60);
}

// Opens `doc` of `folder` in the workbench and makes it the active editor, showing `phrase`.
async function openDoc(page, url, doc, phrase) {
  await page.goto(url);
  await page.locator('.activitybar a[aria-label="Architecture Notes"]').waitFor({ timeout: readyTimeoutMs });
  // The URL asks for the doc already; clicking it in the Explorer makes sure it is the active
  // editor whatever the workbench restored.
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: path.basename(doc) }).first().click();
  await page.locator('.monaco-editor .view-line', { hasText: phrase }).first().waitFor();
}

async function openSampleDoc(page, port) {
  await openDoc(page, sampleUrl(port), sampleDoc, hoverPhrase);
}

async function openVaultDoc(page, port) {
  const url = workbenchUrl(port, vaultWorkspace, [
    ['extensionDevelopmentPath', remote(port, repoRoot)],
    ['openFile', remote(port, vaultDoc)],
    ['skipWelcome', 'true'],
  ]);
  await openDoc(page, url, vaultDoc, vaultPhrase);
}

async function shootHover(page, { phrase = hoverPhrase, docName = sampleFileName, file = 'hover.png' } = {}) {
  const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: phrase });
  const deadline = Date.now() + readyTimeoutMs;
  // Until the notes are indexed the hover is empty and never shows; each try moves the mouse
  // off the word and back, since a hover is only asked for when the mouse arrives.
  for (;;) {
    const word = await phraseBox(page, phrase);
    if (!word) throw new Error(`"${phrase}" is not on screen in ${docName}`);
    await parkMouse(page);
    await page.mouse.move(word.x + word.width / 2, word.y + word.height / 2, { steps: 4 });
    try {
      await hover.waitFor({ state: 'visible', timeout: 3000 });
      break;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`no hover on "${phrase}" within ${readyTimeoutMs / 1000} s`, { cause: error });
    }
  }
  // The hover fades in; a picture taken at once catches it half transparent.
  await page.waitForTimeout(500);
  const word = await phraseBox(page, phrase);
  const hoverBox = await hover.boundingBox();
  // The editor from its tabs down to two lines below the word: the doc, the word and what the
  // notes say about it.
  const group = await page.locator('.editor-group-container').first().boundingBox();
  const lineBottom = word.y + (word.height + word.lineHeight) / 2;
  const bottom = Math.max(hoverBox.y + hoverBox.height, lineBottom + 2 * word.lineHeight) + 4;
  await save(page, file, { x: Math.floor(group.x), y: Math.floor(group.y), width: Math.floor(group.width), height: Math.ceil(bottom - group.y) });
}

// The rows of a tree view: how tall all of them are, and how tall the view shows them.
async function listHeights(pane) {
  return pane.locator('.monaco-list').first().evaluate((list) => ({
    content: list.querySelector('.monaco-list-rows').getBoundingClientRect().height,
    shown: list.getBoundingClientRect().height,
  }));
}

// Gives the Patterns view the room its rows need, taken from In This Document below it as far
// as that one has room to spare, by dragging the sash between the two like a person would.
async function growPatternsView(page, patterns, documentTerms) {
  const patternsRows = await listHeights(patterns);
  const documentRows = await listHeights(documentTerms);
  const wanted = Math.min(patternsRows.content - patternsRows.shown, documentRows.shown - documentRows.content);
  if (wanted <= 0) return;
  const header = await documentTerms.locator('.pane-header').boundingBox();
  const sashes = await page.locator('.part.sidebar .monaco-sash.horizontal').evaluateAll((elements) =>
    elements.map((element) => element.getBoundingClientRect().toJSON()).filter((box) => box.width > 0),
  );
  const sash = sashes.sort((a, b) => Math.abs(a.y - header.y) - Math.abs(b.y - header.y))[0];
  if (!sash || Math.abs(sash.y - header.y) > 8) {
    log('found no sash above In This Document: the Patterns view keeps its size and may scroll');
    return;
  }
  const x = sash.x + sash.width / 2;
  const y = sash.y + sash.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x, y + wanted, { steps: 8 });
  await page.mouse.up();
}

async function shootSidebar(page) {
  await parkMouse(page);
  await page.keyboard.press('Escape');
  await page.locator('.activitybar a[aria-label="Architecture Notes"]').click();
  const patterns = page.locator('.sidebar .pane', { has: page.locator('.pane-header[aria-label^="Patterns"]') });
  const topic = patterns.locator('.monaco-list-row', { hasText: patternsTopic }).first();
  await topic.waitFor({ timeout: readyTimeoutMs });
  // The twistie, not the row: a row's click runs its command (Reveal in Notes) on some nodes.
  if ((await topic.getAttribute('aria-expanded')) === 'false') await topic.locator('.monaco-tl-twistie').click();
  const level = Number(await topic.getAttribute('aria-level'));
  await patterns.locator(`.monaco-list-row[aria-level="${level + 1}"]`).first().waitFor();
  const documentTerms = page.locator('.sidebar .pane', { has: page.locator('.pane-header[aria-label^="In This Document"]') });
  await documentTerms.locator('.monaco-list-row').first().waitFor({ timeout: readyTimeoutMs });
  await growPatternsView(page, patterns, documentTerms);
  await parkMouse(page);
  await page.waitForTimeout(300);

  // The activity bar with the view's icon and the sidebar, down to the status bar.
  const sidebar = await page.locator('.part.sidebar').boundingBox();
  await save(page, 'sidebar.png', { x: 0, y: 0, width: Math.ceil(sidebar.x + sidebar.width), height: Math.floor(sidebar.y + sidebar.height) });
}

async function shootSearch(page) {
  await page.keyboard.press('Escape');
  await page.locator('.editor-group-container .monaco-editor .view-lines').first().click();
  await page.keyboard.press('F1');
  const quickInput = page.locator('.quick-input-widget');
  await quickInput.waitFor({ state: 'visible' });
  await page.keyboard.type(searchCommandTitle);
  await quickInput.locator(`.monaco-list-row[aria-label^="${searchCommandTitle}"]`).first().waitFor();
  await page.keyboard.press('Enter');
  await quickInput.locator('.quick-input-title', { hasText: 'Search Notes' }).waitFor();
  await page.keyboard.type(searchQuery);
  // Results arrive as the server answers: wait for a few rows, the first of them naming the
  // query (some further down are found by the words around them).
  await page.waitForFunction(
    (query) => {
      const rows = [...document.querySelectorAll('.quick-input-widget .monaco-list-row')];
      return rows.length >= 3 && rows.slice(0, 3).every((row) => row.textContent.toLowerCase().includes(query));
    },
    searchQuery,
    { timeout: readyTimeoutMs },
  );
  await parkMouse(page);
  await page.waitForTimeout(300);
  await save(page, 'search.png', clipAround([await quickInput.boundingBox()], 4));
}

async function main() {
  if (options.build) build();
  installCodeServerIfMissing();
  installMissingFonts();
  fs.mkdirSync(outDir, { recursive: true });

  const port = await freePort();
  log(`starting code-server on 127.0.0.1:${port}`);
  const server = await startCodeServer({ port, extraSettings: screenshotSettings });
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
  let failed = false;
  const page = await browser.newPage({ viewport, deviceScaleFactor: 1 });
  try {
    await openSampleDoc(page, port);
    await shootHover(page);
    await shootSidebar(page);
    await shootSearch(page);
    await openVaultDoc(page, port);
    await shootHover(page, { phrase: vaultPhrase, docName: path.basename(vaultDoc), file: 'hover-vault.png' });
  } catch (error) {
    failed = true;
    const failure = path.join(server.stateDir, 'failure.png');
    await page.screenshot({ path: failure }).catch(() => {});
    log(`failed: ${error.stack ?? error}`);
    log(`the window at that moment: ${failure}`);
  } finally {
    await browser.close();
    await server.stop({ keepState: failed });
  }
  return failed ? 1 : 0;
}

process.exitCode = await main();
