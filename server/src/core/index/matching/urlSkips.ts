// The URLs in a text, which the scan skips: a term inside a link target is no mention of it.

const URL_START = /https?:\/\/|www\./gi;

/** Appends the URLs of text[from, to): `http://…`, `https://…` and `www.…`. */
export function urlSkips(text: string, from: number, to: number, out: number[]): number[] {
  URL_START.lastIndex = from;
  for (let found = URL_START.exec(text); found && found.index < to; found = URL_START.exec(text)) {
    const start = found.index;
    if (start > 0 && isAsciiWordChar(text.charCodeAt(start - 1))) continue;
    const end = urlEnd(text, start, to);
    if (end > start + found[0].length) {
      out.push(start, end);
      URL_START.lastIndex = end;
    }
  }
  return out;
}

export function isAsciiWordChar(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/**
 * Where a URL that starts at `start` ends: at white space, `<`, `>`, `"`, a backtick or CJK
 * punctuation, less the punctuation that ends the sentence around it and a closing bracket
 * that the URL did not open (GitHub's rule for bare links).
 */
export function urlEnd(text: string, start: number, to: number): number {
  let end = start;
  while (end < to) {
    const code = text.charCodeAt(end);
    if (code <= 0x20 || code === 0x3c || code === 0x3e || code === 0x22 || code === 0x60) break;
    if ((code >= 0x3000 && code <= 0x303f) || (code >= 0xff01 && code <= 0xff0f) || (code >= 0xff1a && code <= 0xff20)) break;
    end++;
  }
  // Brackets are counted once, then trimmed from the end while the URL closes more than it opens.
  let unbalancedParens = 0;
  let unbalancedBrackets = 0;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x28) unbalancedParens--;
    else if (code === 0x29) unbalancedParens++;
    else if (code === 0x5b) unbalancedBrackets--;
    else if (code === 0x5d) unbalancedBrackets++;
  }
  for (;;) {
    const last = text.charCodeAt(end - 1);
    if (last === 0x2e || last === 0x2c || last === 0x3a || last === 0x3b || last === 0x21 || last === 0x3f || last === 0x2a || last === 0x5f || last === 0x7e || last === 0x27) {
      end--;
    } else if (last === 0x29 && unbalancedParens > 0) {
      end--;
      unbalancedParens--;
    } else if (last === 0x5d && unbalancedBrackets > 0) {
      end--;
      unbalancedBrackets--;
    } else break;
  }
  return end;
}
