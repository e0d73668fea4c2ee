// Reads the Kafka wire types (big-endian ints, varints, strings, bytes, arrays) from one request body.
// Every read checks bounds, so a truncated or hostile request raises ProtocolDecodeError instead of
// reading garbage.

export class ProtocolDecodeError extends Error {
  override name = 'ProtocolDecodeError';
}

export class Reader {
  private pos = 0;

  constructor(private readonly buf: Buffer) {}

  get offset(): number {
    return this.pos;
  }

  remaining(): number {
    return this.buf.length - this.pos;
  }

  private need(n: number): void {
    if (n < 0 || this.pos + n > this.buf.length) {
      throw new ProtocolDecodeError(`need ${n} bytes at offset ${this.pos}, have ${this.remaining()}`);
    }
  }

  int8(): number {
    this.need(1);
    return this.buf.readInt8(this.pos++);
  }

  boolean(): boolean {
    return this.int8() !== 0;
  }

  int16(): number {
    this.need(2);
    const v = this.buf.readInt16BE(this.pos);
    this.pos += 2;
    return v;
  }

  int32(): number {
    this.need(4);
    const v = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  uint32(): number {
    this.need(4);
    const v = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  int64(): bigint {
    this.need(8);
    const v = this.buf.readBigInt64BE(this.pos);
    this.pos += 8;
    return v;
  }

  /** An int64 that the caller knows fits in a double (offsets, timestamps). */
  int64n(): number {
    return Number(this.int64());
  }

  /** Unsigned LEB128 varint (up to 32 bits). */
  uvarint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (shift > 28) throw new ProtocolDecodeError('varint too long');
      const b = this.int8() & 0xff;
      result |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result >>> 0;
      shift += 7;
    }
  }

  /** Zig-zag signed varint (int32). */
  varint(): number {
    const u = this.uvarint();
    return (u >>> 1) ^ -(u & 1);
  }

  /** Zig-zag signed varlong (int64). */
  varlong(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (shift > 63n) throw new ProtocolDecodeError('varlong too long');
      const b = BigInt(this.int8() & 0xff);
      result |= (b & 0x7fn) << shift;
      if ((b & 0x80n) === 0n) break;
      shift += 7n;
    }
    return (result >> 1n) ^ -(result & 1n);
  }

  raw(n: number): Buffer {
    this.need(n);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  string(): string {
    const s = this.nullableString();
    if (s === null) throw new ProtocolDecodeError(`unexpected null string at offset ${this.pos}`);
    return s;
  }

  nullableString(): string | null {
    const len = this.int16();
    if (len < 0) return null;
    return this.raw(len).toString('utf8');
  }

  bytes(): Buffer {
    const b = this.nullableBytes();
    if (b === null) throw new ProtocolDecodeError(`unexpected null bytes at offset ${this.pos}`);
    return b;
  }

  nullableBytes(): Buffer | null {
    const len = this.int32();
    if (len < 0) return null;
    return this.raw(len);
  }

  array<T>(readItem: (r: Reader) => T): T[] {
    const items = this.nullableArray(readItem);
    return items ?? [];
  }

  nullableArray<T>(readItem: (r: Reader) => T): T[] | null {
    const len = this.int32();
    if (len < 0) return null;
    if (len > this.remaining()) throw new ProtocolDecodeError(`array length ${len} exceeds request size`);
    const items: T[] = [];
    for (let i = 0; i < len; i++) items.push(readItem(this));
    return items;
  }
}
