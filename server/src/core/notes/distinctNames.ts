// Short names for files and folders shown side by side: each by its own name, and by as many
// of the folders above it as it takes to tell it from the others. A copy of the bundled
// `architecture.md` in the user's notes is `notes/architecture.md` beside
// `notes-data/architecture.md`; two notes paths both called `notes`, `work/notes` and
// `home/notes`.

/**
 * For each path (segments separated by `/`), the shortest run of its last segments that no
 * other, different path ends with; the whole path when no shorter run does. A path that ends
 * with a separator is named by its last non-empty segment; one with none at all (`/`, the
 * empty string) by itself, or `/`, so that no name is empty.
 */
export function distinctNames(paths: readonly string[]): string[] {
  const segmented = paths.map((path) => path.split('/').filter((segment) => segment !== ''));
  return segmented.map((segments, i) => {
    if (segments.length === 0) return paths[i] || '/';
    const whole = segments.join('/');
    let taken = 1;
    for (; taken < segments.length; taken++) {
      const tail = segments.slice(-taken).join('/');
      const clash = segmented.some((other, j) => j !== i && other.join('/') !== whole && endsWith(other, tail, taken));
      if (!clash) break;
    }
    return segments.slice(-taken).join('/');
  });
}

function endsWith(segments: string[], tail: string, taken: number): boolean {
  return segments.length >= taken && segments.slice(-taken).join('/') === tail;
}
