// Reading and parsing notes in worker threads. A full index spends most of its time parsing,
// one note at a time, and each note's parse depends on nothing else: workers read and parse
// the files, each sends back the note's digest (see digestNote: plain data, a few objects per
// definition), and the main thread only files digests into the index, in slices that leave
// it free to answer requests. Once the index is done the workers are let go, and their heaps
// with them.

import { pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { digestNote, type NoteDigest } from '../index/digest';
import { readStampedNoteFile, type FileStamp } from '../notes/noteFiles';
import { readNote, type ReadOptions } from '../formats/readNote';
import { storable } from '../index/storedNote';
import { ownBytes } from '../index/byteArena';

/** What a worker makes of one file. */
export type FileDigest =
  | { file: string; digest: NoteDigest; text?: undefined; stamp?: FileStamp }
  /** Text that cannot be stored (see storable): the main thread parses and keeps it whole. */
  | { file: string; text: string; digest?: undefined; stamp?: FileStamp }
  | { file: string; skipped: string };

interface Job {
  files: string[];
  maxFileBytes: number;
  readOptions: ReadOptions;
}

/**
 * A worker's answer to a job: its files' digests, and their words filed once for the batch
 * rather than once per note: word after word, how many of the batch's notes hold it and which
 * (places in `digests`). The main thread then looks each word up once a batch (see
 * NotesIndex.addWords), and fewer strings cross between threads.
 */
export interface DigestBatch {
  digests: FileDigest[];
  words: string[];
  counts: Int32Array;
  members: Int32Array;
}

/** Files a worker is given at a time: enough for the words of a batch to repeat, few enough to share the work out evenly. */
const BATCH = 32;

/**
 * Reads and parses files with `size` workers running `script` (a bundle whose entry calls
 * runDigestWorker when isIndexWorker). Batches come back in no particular order. Each worker holds two jobs, so
 * that it parses the next while the main thread files the last. `filesPerJob` files go to a worker
 * at a time (BATCH by default; one for large notes, so that each is filed as soon as it is parsed).
 */
export async function digestFiles(script: string, size: number, files: string[], maxFileBytes: number, onBatch: (batch: DigestBatch) => void, isCancelled: () => boolean, readOptions: ReadOptions = {}, filesPerJob = BATCH): Promise<void> {
  const queue = [...files];
  const workers: Worker[] = [];
  let failure: Error | undefined;
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(size, Math.ceil(files.length / filesPerJob))) }, () => new Promise<void>((resolve) => {
      const worker = new Worker(script, { workerData: WORKER_ROLE });
      workers.push(worker);
      let pending = 0;
      const finish = (error?: Error) => {
        failure ??= error;
        pending = -1;
        resolve();
      };
      const send = () => {
        if (queue.length === 0 || failure || isCancelled()) return;
        pending++;
        worker.postMessage({ files: queue.splice(0, filesPerJob), maxFileBytes, readOptions } satisfies Job);
      };
      worker.on('message', (batch: DigestBatch) => {
        if (pending < 0) return;
        pending--;
        send();
        try {
          if (!isCancelled() && !failure) onBatch(batch);
        } catch (error) {
          finish(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        if (pending === 0) finish();
      });
      // An error or an exit before the last answer fails the run.
      worker.on('error', (error) => finish(error));
      worker.on('exit', (code) => {
        if (pending >= 0) finish(new Error(`a worker stopped (exit code ${code})`));
      });
      send();
      send();
      if (pending === 0) finish();
    })));
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  if (failure) throw failure;
}

/** What a thread started by digestFiles is given, so that the script it runs knows to be a worker. */
const WORKER_ROLE = 'architecture-notes/index-worker';

/** True in a thread that digestFiles started: the script (the server's own bundle) then runs runDigestWorker. */
export function isIndexWorker(): boolean {
  return !isMainThread && workerData === WORKER_ROLE;
}

/** A worker's side: answers each job with the digests of its files. */
export function runDigestWorker(): void {
  const port = parentPort;
  if (!port) throw new Error('runDigestWorker runs in a worker thread');
  port.on('message', (job: Job) => {
    const digests: FileDigest[] = [];
    const transfer: ArrayBuffer[] = [];
    const byWord = new Map<string, number[]>();
    for (const file of job.files) {
      const made = digestFile(file, job.maxFileBytes, job.readOptions);
      if ('digest' in made && made.digest) {
        const { digest } = made;
        for (const word of digest.words) {
          const members = byWord.get(word);
          if (members) members.push(digests.length);
          else byWord.set(word, [digests.length]);
        }
        digest.words = [];
        // A view of a shared block would post the whole block (see byteArena.ts).
        digest.details = ownBytes(digest.details);
        transfer.push(digest.numbers.buffer as ArrayBuffer, digest.details.buffer as ArrayBuffer, digest.topicCounts.buffer as ArrayBuffer);
      }
      digests.push(made);
    }
    const counts = new Int32Array(byWord.size);
    const members: number[] = [];
    let i = 0;
    for (const list of byWord.values()) {
      counts[i++] = list.length;
      for (const member of list) members.push(member);
    }
    const batch: DigestBatch = { digests, words: [...byWord.keys()], counts, members: Int32Array.from(members) };
    transfer.push(batch.counts.buffer as ArrayBuffer, batch.members.buffer as ArrayBuffer);
    port.postMessage(batch, transfer);
  });
}

/** Reads, parses and digests one file, as the main thread would (see NotesWorkspace.loadFile). */
export function digestFile(file: string, maxFileBytes: number, readOptions: ReadOptions = {}): FileDigest {
  const { read, stamp } = readStampedNoteFile(file, maxFileBytes);
  if (!read.ok) return { file, skipped: read.reason };
  if (!storable(read.text)) return { file, text: read.text, stamp };
  return { file, digest: digestNote(readNote(pathToFileURL(file).href, read.text, readOptions), read.text), stamp };
}
