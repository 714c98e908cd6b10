// Waiting inside VS Code for what the extension does in its own time: shared by the suite's files.
import type { ArchitectureNotesApi } from '../../client/src/api';
import type { IndexStatus } from '../../server/src/protocol';

/**
 * Asks `probe` every `everyMs` until `accept` takes its value or `timeoutMs` has passed, and
 * returns the last value either way, for the caller to assert on. For states that announce
 * themselves with no event the suite can subscribe to: activation, the server having read a
 * document, what the page shows.
 */
export async function eventually<T>(probe: () => T | Thenable<T>, accept: (value: T) => boolean, timeoutMs: number, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** The next index status that is ready after an indexing one, once `start` has run. */
export async function nextReady(api: ArchitectureNotesApi, start: () => unknown): Promise<IndexStatus> {
  const ready = new Promise<IndexStatus>((resolve) => {
    let sawIndexing = false;
    const subscription = api.onIndexStatus((status) => {
      if (status.state === 'indexing') sawIndexing = true;
      else if (sawIndexing) {
        subscription.dispose();
        resolve(status);
      }
    });
  });
  await start();
  return ready;
}
