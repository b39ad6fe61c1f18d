// Test and benchmark helper (Node and browser): the frame blocks of a plain ASVP file (FORMAT.md 2-4),
// read independently of the client under test. Trusts its input: only for our fixtures.

async function inflate(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * Splits an ASVP file into its frame blocks (views into `file`).
 * @param {Uint8Array} file
 * @returns {Promise<Uint8Array[]>}
 */
export async function asvpBlocks(file) {
  const magic = String.fromCharCode(...file.subarray(0, 8));
  if (magic !== 'ASVPPLN1') throw new Error(`not an ASVP file: ${magic}`);
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const tableLength = view.getUint32(12, true);
  const table = await inflate(file.subarray(16, 16 + tableLength));
  const sizes = new DataView(table.buffer, table.byteOffset, table.byteLength);
  const blocks = [];
  let off = 16 + tableLength;
  for (let i = 0; i < table.length; i += 8) {
    const size = Number(sizes.getBigUint64(i, true));
    blocks.push(file.subarray(off, off + size));
    off += size;
  }
  if (off !== file.length) throw new Error(`blocks end at ${off}, file has ${file.length} bytes`);
  return blocks;
}
