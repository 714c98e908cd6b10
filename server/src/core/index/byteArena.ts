// Bytes that many small records keep, carved out of large shared blocks. A full index keeps
// each note's details (storedNote.ts: a few KB, compressed) until a snapshot holds them, then
// lets them all go. Allocated one by one, 20,000 notes' details were 20,000 small blocks of
// the C allocator's heap among everything else an index allocates there; freed, they left
// holes that it keeps, and the server's RSS once idle stayed where it was. A block of
// BLOCK_BYTES is above any threshold at which the allocator maps memory of its own for it
// (32 MB at most, in glibc), so a block is given back to the system once no record in it is
// kept; and its pages count in RSS only once written.

/** The size of a shared block. */
export const BLOCK_BYTES = 33 * 1024 * 1024;

/** Records longer than this get bytes of their own: a large one would leave a block's end unused. */
const LARGEST_SHARED = BLOCK_BYTES / 64;

/**
 * The block being carved, held weakly: a block lives exactly as long as some record's bytes
 * do, and one that nothing holds any more is not kept alive for the next record.
 */
let current: WeakRef<ArrayBuffer> | undefined;
let used = 0;

/**
 * `length` zeroed bytes, a view of a shared block (see the head of this file). A view's
 * `buffer` is the whole block: whoever posts the bytes to another thread posts a copy
 * (ownBytes), not the block.
 */
export function arenaBytes(length: number): Uint8Array {
  if (length > LARGEST_SHARED) return new Uint8Array(length);
  let block = current?.deref();
  if (!block || used + length > block.byteLength) {
    block = new ArrayBuffer(BLOCK_BYTES);
    current = new WeakRef(block);
    used = 0;
  }
  const bytes = new Uint8Array(block, used, length);
  // Each record starts on 8 bytes, as an allocation of its own would.
  used += (length + 7) & ~7;
  return bytes;
}

/** The bytes in a buffer of their own: `bytes` itself when it is one, else a copy. */
export function ownBytes(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
}
