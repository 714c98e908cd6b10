// What the e2e runner and `npm run screenshots` need to know about the workbench's page: where a
// phrase is drawn in the editor, and how to hover it as a person would.

// The screen box of `phrase` in the first editor line that contains it, measured on the
// rendered text itself: Monaco splits a line into token spans and writes spaces as U+00A0.
// Null when no visible line holds it.
export async function phraseBox(page, phrase) {
  return page.evaluate((wanted) => {
    for (const line of document.querySelectorAll('.monaco-editor .view-lines .view-line')) {
      const at = line.textContent.replace(/\u00a0/g, ' ').indexOf(wanted);
      if (at < 0) continue;
      const range = document.createRange();
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      let offset = 0;
      let started = false;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const length = node.textContent.length;
        if (!started && at < offset + length) {
          range.setStart(node, at - offset);
          started = true;
        }
        if (started && at + wanted.length <= offset + length) {
          range.setEnd(node, at + wanted.length - offset);
          break;
        }
        offset += length;
      }
      const box = range.getBoundingClientRect();
      const lineHeight = line.getBoundingClientRect().height;
      return { x: box.x, y: box.y, width: box.width, height: box.height, lineHeight };
    }
    return null;
  }, phrase);
}

// Moves the mouse off the editor and then onto `phrase`, since a hover is only asked for when
// the mouse arrives, and waits up to `timeout` ms for a hover that mentions `mentions` (default:
// the phrase). Returns the hover's locator, or null when none showed.
export async function hoverPhrase(page, phrase, { mentions = phrase, timeout = 3000, park = { x: 5, y: 5 } } = {}) {
  const word = await phraseBox(page, phrase);
  if (!word) throw new Error(`"${phrase}" is not on screen in the editor`);
  await page.mouse.move(park.x, park.y);
  await page.mouse.move(word.x + word.width / 2, word.y + word.height / 2, { steps: 4 });
  const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: new RegExp(mentions.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i') }).first();
  try {
    await hover.waitFor({ state: 'visible', timeout });
    return hover;
  } catch {
    return null;
  }
}
