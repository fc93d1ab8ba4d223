import { once } from 'node:events';
import { open } from 'node:fs/promises';
import type { Writable } from 'node:stream';

/**
 * The little of the POSIX tar format (ustar) that a base backup needs: directories and regular
 * files, written and read as streams. Hand-written because no tar package is a dependency, and
 * because a data directory copied while PostgreSQL writes to it needs one rule no general tar
 * writer has: a file is archived at the size it had when listed, padded with zeros if it shrank
 * meanwhile (pg_basebackup's rule; the WAL replayed at restore repairs the file either way).
 */
const BLOCK = 512;
const CHUNK = 1 << 20;

export class TarFormatError extends Error {}

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

/** Splits a path into ustar's `prefix` (≤ 155 bytes) and `name` (≤ 100 bytes). */
function splitName(name: string): { prefix: string; name: string } {
  if (Buffer.byteLength(name) <= 100) return { prefix: '', name };
  for (let cut = name.lastIndexOf('/'); cut > 0; cut = name.lastIndexOf('/', cut - 1)) {
    const prefix = name.slice(0, cut);
    const rest = name.slice(cut + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(rest) <= 100) return { prefix, name: rest };
  }
  throw new TarFormatError(`path too long for a tar archive: ${name}`);
}

function header(entry: {
  name: string;
  size: number;
  type: 'file' | 'directory';
  mode: number;
  mtime: number;
}): Buffer {
  const block = Buffer.alloc(BLOCK);
  const { prefix, name } = splitName(entry.name);
  block.write(name, 0, 100, 'utf8');
  block.write(octal(entry.mode & 0o7777, 8), 100, 'ascii');
  block.write(octal(0, 8), 108, 'ascii');
  block.write(octal(0, 8), 116, 'ascii');
  block.write(octal(entry.size, 12), 124, 'ascii');
  block.write(octal(Math.floor(entry.mtime / 1000), 12), 136, 'ascii');
  block.write(entry.type === 'directory' ? '5' : '0', 156, 'ascii');
  block.write('ustar\u000000', 257, 'ascii');
  block.write(prefix, 345, 155, 'utf8');
  block.fill(' ', 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(octal(sum, 7) + ' ', 148, 'ascii');
  return block;
}

const padding = (size: number) => Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);

/** Writes a tar stream into `out`, honouring its back-pressure. */
export class TarWriter {
  constructor(private readonly out: Writable) {}

  private async write(chunk: Buffer): Promise<void> {
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }

  async directory(name: string, mode = 0o700): Promise<void> {
    await this.write(header({ name: `${name}/`, size: 0, type: 'directory', mode, mtime: Date.now() }));
  }

  async buffer(name: string, content: Buffer, mode = 0o600): Promise<void> {
    await this.write(header({ name, size: content.length, type: 'file', mode, mtime: Date.now() }));
    await this.write(content);
    await this.write(padding(content.length));
  }

  /**
   * Archives `source` at `size` bytes (its size when listed): bytes it gained since are left out,
   * bytes it lost are zeros. False when the file no longer exists (it was dropped meanwhile).
   */
  async file(name: string, source: string, size: number, mode = 0o600, mtime = Date.now()): Promise<boolean> {
    let handle;
    try {
      handle = await open(source, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
    try {
      await this.write(header({ name, size, type: 'file', mode, mtime }));
      let done = 0;
      while (done < size) {
        const want = Math.min(CHUNK, size - done);
        const chunk = Buffer.alloc(want);
        const { bytesRead } = await handle.read(chunk, 0, want, done);
        // A file that shrank keeps its listed size: the rest stays zero.
        await this.write(chunk);
        done += want;
        if (bytesRead === 0 && done < size) {
          await this.write(Buffer.alloc(size - done));
          done = size;
        }
      }
      await this.write(padding(size));
      return true;
    } finally {
      await handle.close();
    }
  }

  /** The two zero blocks that end an archive, then ends `out`. */
  async finish(): Promise<void> {
    await this.write(Buffer.alloc(BLOCK * 2));
    this.out.end();
  }
}

export interface TarEntry {
  name: string;
  type: 'file' | 'directory';
  size: number;
  mode: number;
}

function field(block: Buffer, offset: number, length: number): string {
  const raw = block.subarray(offset, offset + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? length : end).toString('utf8');
}

function parseOctal(block: Buffer, offset: number, length: number, what: string): number {
  const text = field(block, offset, length).trim();
  if (!/^[0-7]+$/.test(text)) throw new TarFormatError(`not a tar archive: bad ${what} field`);
  return parseInt(text, 8);
}

function parseHeader(block: Buffer): TarEntry {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : block[i]!;
  if (sum !== parseOctal(block, 148, 8, 'checksum')) throw new TarFormatError('not a tar archive: checksum mismatch');
  const prefix = field(block, 345, 155);
  const name = (prefix ? `${prefix}/` : '') + field(block, 0, 100);
  const flag = String.fromCharCode(block[156]!);
  if (flag !== '0' && flag !== '\0' && flag !== '5')
    throw new TarFormatError(`unsupported tar entry type ${JSON.stringify(flag)} for ${name}`);
  return {
    name: name.replace(/\/+$/, ''),
    type: flag === '5' ? 'directory' : 'file',
    size: parseOctal(block, 124, 12, 'size'),
    mode: parseOctal(block, 100, 8, 'mode'),
  };
}

/** Exact-length reads over a stream of chunks. */
class ByteReader {
  private pending: Buffer[] = [];
  private buffered = 0;
  constructor(private readonly source: AsyncIterator<Buffer>) {}

  /** Up to `max` bytes (fewer only at the end of the stream; empty there). */
  async take(max: number): Promise<Buffer> {
    while (this.buffered === 0) {
      const next = await this.source.next();
      if (next.done) return Buffer.alloc(0);
      this.pending.push(next.value);
      this.buffered += next.value.length;
    }
    const all = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
    const out = all.subarray(0, max);
    const rest = all.subarray(out.length);
    this.pending = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    return out;
  }

  async exactly(length: number): Promise<Buffer | null> {
    const parts: Buffer[] = [];
    let got = 0;
    while (got < length) {
      const part = await this.take(length - got);
      if (part.length === 0) return got === 0 ? null : Buffer.concat(parts);
      parts.push(part);
      got += part.length;
    }
    return Buffer.concat(parts);
  }
}

/**
 * Reads a tar stream entry by entry. `onEntry` receives each entry and a function yielding its
 * content in chunks, which it must drain (or the rest is skipped for it).
 */
export async function readTar(
  source: AsyncIterable<Buffer>,
  onEntry: (entry: TarEntry, content: () => AsyncGenerator<Buffer>) => Promise<void>,
): Promise<void> {
  const reader = new ByteReader(source[Symbol.asyncIterator]());
  for (;;) {
    const block = await reader.exactly(BLOCK);
    if (!block || block.length < BLOCK) throw new TarFormatError('the archive ends early: it is incomplete');
    if (block.every((byte) => byte === 0)) return;
    const entry = parseHeader(block);
    let left = entry.size;
    async function* content(): AsyncGenerator<Buffer> {
      while (left > 0) {
        const chunk = await reader.take(Math.min(CHUNK, left));
        if (chunk.length === 0) throw new TarFormatError(`the archive ends inside ${entry.name}: it is incomplete`);
        left -= chunk.length;
        yield chunk;
      }
    }
    await onEntry(entry, content);
    for await (const chunk of content()) void chunk;
    const pad = (BLOCK - (entry.size % BLOCK)) % BLOCK;
    if (pad > 0 && (await reader.exactly(pad))?.length !== pad)
      throw new TarFormatError('the archive ends early: it is incomplete');
  }
}
