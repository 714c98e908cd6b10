// Reading and parsing notes in worker threads. A full index spends most of its time parsing,
// one note at a time, and each note's parse depends on nothing else: workers read and parse
// the files, each sends back the note's digest (see digestNote: plain data, a few objects per
// definition), and the main thread only files digests into the index, in slices that leave
// it free to answer requests. Once the index is done the workers are let go, and their heaps
// with them.

import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parentPort, Worker } from 'node:worker_threads';
import { digestNote, type NoteDigest } from './index';
import { readNoteFile } from './noteFiles';
import { parseNote } from './parser';
import type { FileStamp } from './snapshot';
import { storable } from './storedNote';

/** What a worker makes of one file. */
export type FileDigest =
  | { file: string; digest: NoteDigest; text?: undefined; stamp?: FileStamp }
  /** Text that cannot be stored (see storable): the main thread parses and keeps it whole. */
  | { file: string; text: string; digest?: undefined; stamp?: FileStamp }
  | { file: string; skipped: string };

interface Job {
  files: string[];
  maxFileBytes: number;
}

/** Files a worker is given at a time: enough to keep it busy, few enough to share the work out evenly. */
const BATCH = 16;

/**
 * Reads and parses files with `size` workers running `script` (a bundle whose entry calls
 * runDigestWorker). Digests come back batch by batch, in no particular order.
 */
export async function digestFiles(script: string, size: number, files: string[], maxFileBytes: number, onBatch: (digests: FileDigest[]) => void | Promise<void>, isCancelled: () => boolean): Promise<void> {
  const queue = [...files];
  const workers: Worker[] = [];
  const failures: Error[] = [];
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(size, Math.ceil(files.length / BATCH))) }, async () => {
      const worker = new Worker(script);
      workers.push(worker);
      // A worker's messages and its end: an error or an exit before the last answer fails the run.
      let answer: ((digests: FileDigest[]) => void) | undefined;
      let fail: ((error: Error) => void) | undefined;
      worker.on('message', (digests: FileDigest[]) => answer?.(digests));
      worker.on('error', (error) => fail?.(error));
      worker.on('exit', (code) => fail?.(new Error(`a worker stopped (exit code ${code})`)));
      while (queue.length > 0 && failures.length === 0 && !isCancelled()) {
        const job: Job = { files: queue.splice(0, BATCH), maxFileBytes };
        const digests = await new Promise<FileDigest[]>((resolve, reject) => {
          answer = resolve;
          fail = reject;
          worker.postMessage(job);
        }).catch((error: Error) => {
          failures.push(error);
          return [];
        });
        answer = fail = undefined;
        if (digests.length > 0 && !isCancelled()) await onBatch(digests);
      }
    }));
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  if (failures.length > 0) throw failures[0];
}

/** A worker's side: answers each job with the digests of its files. */
export function runDigestWorker(): void {
  const port = parentPort;
  if (!port) throw new Error('runDigestWorker runs in a worker thread');
  port.on('message', (job: Job) => {
    const digests: FileDigest[] = [];
    const transfer: ArrayBuffer[] = [];
    for (const file of job.files) {
      const made = digestFile(file, job.maxFileBytes);
      digests.push(made);
      if ('digest' in made && made.digest) transfer.push(made.digest.numbers.buffer as ArrayBuffer, made.digest.details.buffer as ArrayBuffer, made.digest.signatures.buffer as ArrayBuffer);
    }
    port.postMessage(digests, transfer);
  });
}

/** Reads, parses and digests one file, as the main thread would (see NotesWorkspace.loadFile). */
export function digestFile(file: string, maxFileBytes: number): FileDigest {
  let stamp: FileStamp | undefined;
  try {
    // Taken before reading, as loadFile does: a write in between leaves a stamp older than the text.
    const stat = fs.statSync(file);
    stamp = { size: stat.size, mtimeMs: stat.mtimeMs };
  } catch {
    stamp = undefined;
  }
  const read = readNoteFile(file, maxFileBytes);
  if (!read.ok) return { file, skipped: read.reason };
  if (!storable(read.text)) return { file, text: read.text, stamp };
  return { file, digest: digestNote(parseNote(pathToFileURL(file).href, read.text), read.text), stamp };
}
