// Frame blocks to polygons (docs/format.md, FORMAT.md sections 5 and 9): the same checks, in the same
// order and with the same rule ids (V10, V12-V20), as the Java reader (StreamReader, Zlib, FrameDecoder).
// Inflation uses the platform's DecompressionStream('deflate') (zlib, RFC 1950), bounded: a block never
// makes this module hold more than the declared payload plus one input chunk's worth of output.

/** Default cap of rule V12 on a frame's declared payload length: 16 MiB, as in the Java reader. */
export const DEFAULT_MAX_PAYLOAD_BYTES = 16 << 20;
/** Largest cap that can be configured (the Java reader's ReaderOptions.MAX_MAX_PAYLOAD_BYTES). */
export const MAX_MAX_PAYLOAD_BYTES = 2 ** 31 - 9;
/** Smallest and largest accumulated coordinate allowed by V20. */
export const MIN_COORDINATE = -32768;
export const MAX_COORDINATE = 65535;

/** Deflate expands at most 1032:1 (a 258-byte match costs at least 2 bits); checked before inflating. */
const MAX_DEFLATE_RATIO = 1032;
/**
 * Input is fed to the inflater in pieces of this size and only when the output side has been read
 * (stream back-pressure), so even an inflater that emits a whole input chunk's output at once holds at
 * most 1032 x 4 KiB = 4 MiB beyond what this module has already refused.
 */
const INPUT_CHUNK = 4096;

/** A frame block or payload that breaks a validation rule of FORMAT.md section 9. */
export class AlphaStreamFormatError extends Error {
  /**
   * @param {string} rule rule id, 'V10' .. 'V20'
   * @param {string} what what is wrong, in words
   */
  constructor(rule, what, options) {
    super(`${rule} ${what}`, options);
    this.name = 'AlphaStreamFormatError';
    this.rule = rule;
  }
}

/**
 * The decoded geometry of one frame: channels, each a closed polygon of integer points in native
 * 2048 x 1024 coordinates (points may lie outside it). All points live in two flat arrays; channel c
 * owns points starts[c] .. starts[c+1]-1.
 */
export class Polygons {
  /**
   * Wraps the arrays without copying. starts has one entry per channel plus a final one equal to the
   * point count, starts at 0 and never decreases; xs and ys have one entry per point.
   * @param {Int32Array} starts
   * @param {Int32Array} xs
   * @param {Int32Array} ys
   */
  constructor(starts, xs, ys) {
    if (!(starts instanceof Int32Array) || !(xs instanceof Int32Array) || !(ys instanceof Int32Array)) {
      throw new TypeError('starts, xs and ys must be Int32Arrays');
    }
    if (starts.length < 1 || starts[0] !== 0 || xs.length !== ys.length || starts[starts.length - 1] !== xs.length) {
      throw new RangeError('inconsistent polygon arrays');
    }
    for (let c = 1; c < starts.length; c++) {
      if (starts[c] < starts[c - 1]) throw new RangeError('channel starts must not decrease');
    }
    this.starts = starts;
    this.xs = xs;
    this.ys = ys;
  }

  /**
   * Builds polygons from one flat [x0, y0, x1, y1, ...] list per channel (integers).
   * @param {ArrayLike<number>[]} channels
   */
  static fromChannels(channels) {
    const starts = new Int32Array(channels.length + 1);
    let total = 0;
    channels.forEach((ch, c) => {
      if (ch.length % 2 !== 0) throw new RangeError(`channel ${c} has an odd number of coordinates`);
      total += ch.length / 2;
      starts[c + 1] = total;
    });
    const xs = new Int32Array(total);
    const ys = new Int32Array(total);
    let p = 0;
    for (const ch of channels) {
      for (let i = 0; i < ch.length; i += 2) {
        if (!Number.isInteger(ch[i]) || !Number.isInteger(ch[i + 1])) throw new TypeError('coordinates must be integers');
        xs[p] = ch[i];
        ys[p] = ch[i + 1];
        p++;
      }
    }
    return new Polygons(starts, xs, ys);
  }

  get channelCount() {
    return this.starts.length - 1;
  }

  /** Total number of points over all channels. */
  get totalPoints() {
    return this.xs.length;
  }

  /** Index of the first point of channel c in xs / ys. */
  start(c) {
    return this.starts[c];
  }

  pointCount(c) {
    return this.starts[c + 1] - this.starts[c];
  }
}

function checkedMaxPayload(options) {
  const cap = options?.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
  if (!Number.isInteger(cap) || cap < 4 || cap > MAX_MAX_PAYLOAD_BYTES) {
    throw new RangeError(`maxPayloadBytes must be an integer in [4, ${MAX_MAX_PAYLOAD_BYTES}]: ${cap}`);
  }
  return cap;
}

function checkedBytes(block, what) {
  if (!(block instanceof Uint8Array)) throw new TypeError(`${what} must be a Uint8Array`);
  return block;
}

/**
 * Longest block a frame may have under the cap (as StreamReader.maxBlockLength): the 4-byte declared
 * length plus a zlib stream of at most cap bytes as a real encoder writes it (9 bits per byte in the
 * worst case, plus 64 KiB of block headers and wrapper).
 */
export function maxBlockLength(maxPayloadBytes = DEFAULT_MAX_PAYLOAD_BYTES) {
  return Math.min(2 ** 31 - 9, 4 + maxPayloadBytes + Math.floor(maxPayloadBytes / 8) + 65536);
}

/**
 * Inflates a plain frame block (u32 declared ‖ zlib(payload), FORMAT.md 5.1) into its payload of exactly
 * `declared` bytes: V10 (block under 4 bytes), V12 (declared above the cap), V13 (block longer than any
 * stream of a capped payload; zlib stream invalid, incomplete or followed by other bytes), V14 (output
 * more or less than declared; refused the moment it exceeds it).
 * @param {Uint8Array} block
 * @param {{maxPayloadBytes?: number}} [options]
 * @returns {Promise<Uint8Array>}
 */
export async function inflateBlock(block, options) {
  checkedBytes(block, 'block');
  const cap = checkedMaxPayload(options);
  if (block.length < 4) {
    throw new AlphaStreamFormatError('V10', `block is ${block.length} bytes, shorter than its 4-byte declared length`);
  }
  if (block.length > maxBlockLength(cap)) {
    throw new AlphaStreamFormatError('V13', `block of ${block.length} bytes is longer than any zlib stream of at most the payload cap (${cap} bytes) plus its declared length (${maxBlockLength(cap)} bytes)`);
  }
  const declared = (block[0] | block[1] << 8 | block[2] << 16 | block[3] << 24) >>> 0;
  const stream = block.subarray(4);
  if (declared > cap) {
    throw new AlphaStreamFormatError('V12', `declared payload length ${declared} bytes is above the cap of ${cap} bytes`);
  }
  if (declared > MAX_DEFLATE_RATIO * stream.length) {
    throw new AlphaStreamFormatError('V14', `declared payload length ${declared} bytes cannot come from a ${stream.length}-byte zlib stream (deflate expands at most ${MAX_DEFLATE_RATIO}:1)`);
  }
  // The zlib wrapper (RFC 1950) is checked here and the DEFLATE data inflated raw, so that output past
  // `declared` is seen before the Adler-32 is: the Java reader, too, reports V14 the moment a stream
  // yields more than declared, even when its checksum would fail later.
  if (stream.length < 2) {
    throw new AlphaStreamFormatError('V13', 'zlib stream is incomplete: the block ends before its end marker and checksum');
  }
  const cmf = stream[0];
  const flg = stream[1];
  if ((cmf & 0x0f) !== 8 || (cmf >> 4) > 7 || ((cmf << 8) | flg) % 31 !== 0) {
    throw new AlphaStreamFormatError('V13', `zlib stream is invalid: incorrect header (${hex2(cmf)} ${hex2(flg)})`);
  }
  if (flg & 0x20) {
    throw new AlphaStreamFormatError('V13', 'zlib stream asks for a preset dictionary');
  }
  let deflate = stream.subarray(2, Math.max(2, stream.length - 4)); // the last 4 bytes are the Adler-32
  if (typeof SharedArrayBuffer !== 'undefined' && deflate.buffer instanceof SharedArrayBuffer) {
    deflate = deflate.slice(); // DecompressionStream refuses views of shared memory
  }
  const out = new Uint8Array(declared + 1); // one byte more tells "more than declared" apart (see below)
  let pos;
  try {
    pos = await inflateInto(deflate, out);
  } catch (e) {
    throw await lengthBeforeFailure(stream, declared, e);
  }
  if (pos < 0) {
    throw new AlphaStreamFormatError('V14', `payload inflates to more than its declared ${declared} bytes`);
  }
  if (stream.length < 6) {
    throw new AlphaStreamFormatError('V13', 'zlib stream is incomplete: the block ends before its end marker and checksum');
  }
  if (!(await rejectsTrailingBytes()) && deflate.length > 0 && (await inflates(deflate.subarray(0, deflate.length - 1)))) {
    // This platform ignores bytes after the end of a DEFLATE stream, so ask it directly: the data without
    // its last byte still inflates completely only when the stream ends before its checksum's place.
    throw new AlphaStreamFormatError('V13', 'zlib stream ends before the end of the block (trailing bytes after the stream)');
  }
  const n = stream.length;
  const stored = (stream[n - 4] << 24 | stream[n - 3] << 16 | stream[n - 2] << 8 | stream[n - 1]) >>> 0;
  const actual = adler32(out, pos);
  if (stored !== actual) {
    throw new AlphaStreamFormatError('V13', `zlib stream is invalid: incorrect data check (Adler-32 ${actual.toString(16)}, stored ${stored.toString(16)})`);
  }
  if (pos !== declared) {
    // Exactly one byte more, then the end: zlib (and so the Java reader) checks the Adler-32 in the
    // same call that yields that byte, so a bad checksum (above) wins over the length.
    throw new AlphaStreamFormatError('V14', pos > declared ? `payload inflates to more than its declared ${declared} bytes`
      : `payload inflates to ${pos} bytes but declares ${declared}`);
  }
  return out.subarray(0, declared);
}

/**
 * The error to report for a zlib stream whose DEFLATE data failed (`failure`, V13) in the block without its
 * last four bytes. The Java reader stops at `declared` bytes and probes for one more, so it reports V14
 * when the stream yields more than `declared` bytes before failing: inflate again over the whole stream
 * (a stream that did not end reads on into the checksum's place) and count, bounded by `declared` + 2.
 * Exactly one byte more counts only when the input then runs out: zlib notices invalid data in the same
 * call that yields that byte, so the Java reader reports V13 there.
 */
async function lengthBeforeFailure(stream, declared, failure) {
  let data = stream.subarray(2);
  if (typeof SharedArrayBuffer !== 'undefined' && data.buffer instanceof SharedArrayBuffer) data = data.slice();
  let count;
  let incomplete = true;
  try {
    count = await inflateInto(data, new Uint8Array(declared + 1));
  } catch (e) {
    count = e.count;
    incomplete = e.incomplete;
  }
  if (count < 0 || (count === declared + 1 && incomplete)) {
    return new AlphaStreamFormatError('V14', `payload inflates to more than its declared ${declared} bytes`);
  }
  return failure;
}

function hex2(b) {
  return b.toString(16).padStart(2, '0');
}

/** Adler-32 (RFC 1950) of bytes[0, length). */
function adler32(bytes, length) {
  let a = 1;
  let b = 0;
  for (let i = 0; i < length;) {
    const end = Math.min(length, i + 3800); // sums stay below 2^31 between reductions
    for (; i < end; i++) {
      a += bytes[i];
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/**
 * Inflates the raw DEFLATE data `input` into `out` (or just counts when `out` is null: for the probes,
 * which only run on data already inflated once). Resolves with the byte count, or -1 the moment the
 * output would exceed `out`. Rejects with V13 when the data is invalid or incomplete (or, on platforms
 * that refuse them, followed by other bytes); the error carries `count`, the bytes delivered before it,
 * and `incomplete`: true when the input ran out (the stream failed at close, not in a write).
 */
async function inflateInto(input, out) {
  const ds = new DecompressionStream('deflate-raw');
  const writer = ds.writable.getWriter();
  const reader = ds.readable.getReader();
  const state = { writeFailed: false };
  const feeding = feed(writer, input, state);
  let pos = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (out !== null) {
        if (value.length > out.length - pos) {
          reader.cancel().catch(() => {}); // stop the inflater; whatever it still holds is dropped
          return -1;
        }
        out.set(value, pos);
      }
      pos += value.length;
    }
  } catch (e) {
    await feeding;
    const err = new AlphaStreamFormatError('V13', `zlib stream is invalid or incomplete: ${e?.message ?? e}`, { cause: e });
    err.count = pos;
    err.incomplete = !state.writeFailed;
    throw err;
  }
  await feeding;
  return pos;
}

/**
 * Writes `input` in INPUT_CHUNK pieces, each only when the stream asks for more; never rejects. Sets
 * state.writeFailed when a write fails (invalid data) rather than the close (input ran out).
 */
async function feed(writer, input, state) {
  try {
    for (let off = 0; off < input.length; off += INPUT_CHUNK) {
      await writer.ready;
      writer.write(input.subarray(off, Math.min(input.length, off + INPUT_CHUNK))).catch(() => { state.writeFailed = true; });
    }
    await writer.ready;
    await writer.close();
  } catch {
    // the reader sees the stream's error (or cancelled it); nothing to report twice
  }
}

/** Whether the raw DEFLATE data `input` inflates completely (its output is counted, not kept). */
function inflates(input) {
  return inflateInto(input, null).then(() => true, () => false);
}

let trailingProbe = null;

/**
 * Whether this platform's DecompressionStream fails on bytes after the end of the DEFLATE data (Chromium
 * does; Node 20 ignores them). Probed once with a tiny stream.
 */
function rejectsTrailingBytes() {
  if (trailingProbe === null) {
    trailingProbe = inflates(new Uint8Array([0x03, 0x00, 0x00])).then((ok) => !ok); // empty final block, one extra byte
  }
  return trailingProbe;
}

function u32(b, i) {
  return (b[i] | b[i + 1] << 8 | b[i + 2] << 16 | b[i + 3] << 24) >>> 0;
}

/**
 * Parses an inflated payload (FORMAT.md 5.2, 5.3) into polygons, enforcing V15-V20 in the order of the
 * Java FrameDecoder. Every count is checked before it sizes an array.
 * @param {Uint8Array} payload
 * @returns {Polygons}
 */
export function parsePayload(payload) {
  checkedBytes(payload, 'payload');
  const len = payload.length;
  if (len < 4) {
    throw new AlphaStreamFormatError('V15', `payload is ${len} bytes, shorter than its 4-byte channel count`);
  }
  const channels = u32(payload, 0);
  const tableBytes = 4 + 4 * channels; // below 2^35: exact in a double
  if (tableBytes > len) {
    throw new AlphaStreamFormatError('V16', `channel count ${channels} needs a ${tableBytes}-byte channel table but the payload is ${len} bytes`);
  }
  const recordBytes = len - tableBytes;
  let sum = 0;
  for (let k = 0; k < channels; k++) sum += u32(payload, 4 + 4 * k); // < 2^29 terms below 2^32: exact
  if (sum !== recordBytes) {
    throw new AlphaStreamFormatError('V17', `channel sizes add up to ${sum} bytes but ${recordBytes} bytes of channel records follow the channel table`);
  }
  let totalPoints = 0;
  for (let k = 0; k < channels; k++) {
    const size = u32(payload, 4 + 4 * k);
    if (size < 4) {
      throw new AlphaStreamFormatError('V18', `channel ${k} record is ${size} bytes, shorter than its 4-byte start point`);
    }
    if (((size - 4) & 1) !== 0) {
      throw new AlphaStreamFormatError('V19', `channel ${k} record is ${size} bytes: an odd number of delta bytes`);
    }
    totalPoints += (size - 4) / 2 + 1;
  }
  const starts = new Int32Array(channels + 1);
  const xs = new Int32Array(totalPoints);
  const ys = new Int32Array(totalPoints);
  let p = 0;
  let pos = tableBytes;
  for (let k = 0; k < channels; k++) {
    const end = pos + u32(payload, 4 + 4 * k);
    starts[k] = p;
    let x = payload[pos] | payload[pos + 1] << 8;
    let y = payload[pos + 2] | payload[pos + 3] << 8;
    xs[p] = x;
    ys[p] = y;
    p++;
    for (let q = pos + 4; q < end; q += 2) {
      x += (payload[q] << 24) >> 24; // i8 deltas, no 16-bit wrap-around
      y += (payload[q + 1] << 24) >> 24;
      if (x < MIN_COORDINATE || x > MAX_COORDINATE || y < MIN_COORDINATE || y > MAX_COORDINATE) {
        throw new AlphaStreamFormatError('V20', `channel ${k} point ${p - starts[k]} is (${x}, ${y}), outside [-32768, 65535]`);
      }
      xs[p] = x;
      ys[p] = y;
      p++;
    }
    pos = end;
  }
  starts[channels] = p;
  return new Polygons(starts, xs, ys);
}

/**
 * Decodes a plain frame block (u32 declared ‖ zlib(payload), after decryption for ASVR) into polygons:
 * {@link inflateBlock} (V10, V12-V14) then {@link parsePayload} (V15-V20). Never throws: every failure is
 * a rejection, an AlphaStreamFormatError with its rule for bad data, a TypeError / RangeError for bad
 * arguments.
 * @param {Uint8Array} block
 * @param {{maxPayloadBytes?: number}} [options]
 * @returns {Promise<Polygons>}
 */
export async function decodePolygons(block, options) {
  return parsePayload(await inflateBlock(block, options));
}
