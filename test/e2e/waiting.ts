// Waiting inside VS Code for what the extension does in its own time, and for the page runner's
// answers: shared by the suite's files.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
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

/** Only the code-server runner answers page requests; under @vscode/test-electron they are skipped. */
export const pageDriven = !!process.env.E2E_LOG_TAG;

/** The tag of a line of the suite's output that the runner reads as a request to act on the page. */
export const PAGE_REQUEST_TAG = '[architecture-notes-e2e-keys] ';

let pageRequests = 0;

/**
 * Asks the runner to act on the page (see scripts/e2e/run-code-server.mjs) and resolves to the
 * texts (or input values) `read` finds there, each with its white space folded. `suite` names
 * the answer's file.
 */
export async function askPage(suite: string, request: { read: string } & Record<string, unknown>): Promise<string[]> {
  const out = path.join(os.tmpdir(), `an-e2e-${suite}-${process.pid}-${++pageRequests}.json`);
  console.log(PAGE_REQUEST_TAG + JSON.stringify({ ...request, out }));
  const text = await eventually(() => (fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : ''), (t) => t.length > 0, 15_000, 100);
  fs.rmSync(out, { force: true });
  assert.ok(text, 'the runner did not answer a page request');
  const answer = JSON.parse(text) as { now: string[]; error?: string };
  assert.ok(!answer.error, `page request failed: ${answer.error}`);
  return answer.now.map((value) => value.replace(/\s+/g, ' ').trim());
}
