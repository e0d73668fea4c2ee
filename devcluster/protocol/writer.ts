// Builds Kafka wire types into a growing buffer. The mirror image of Reader.

export class Writer {
  private buf: Buffer;
  private pos = 0;

  constructor(initialSize = 256) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  get length(): number {
    return this.pos;
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  int8(v: number): this {
    this.ensure(1);
    this.buf.writeInt8(v, this.pos);
    this.pos += 1;
    return this;
  }

  boolean(v: boolean): this {
    return this.int8(v ? 1 : 0);
  }

  int16(v: number): this {
    this.ensure(2);
    this.buf.writeInt16BE(v, this.pos);
    this.pos += 2;
    return this;
  }

  int32(v: number): this {
    this.ensure(4);
    this.buf.writeInt32BE(v, this.pos);
    this.pos += 4;
    return this;
  }

  uint32(v: number): this {
    this.ensure(4);
    this.buf.writeUInt32BE(v >>> 0, this.pos);
    this.pos += 4;
    return this;
  }

  int64(v: bigint | number): this {
    this.ensure(8);
    this.buf.writeBigInt64BE(typeof v === 'bigint' ? v : BigInt(v), this.pos);
    this.pos += 8;
    return this;
  }

  uvarint(v: number): this {
    let value = v >>> 0;
    while (value >= 0x80) {
      this.int8((((value & 0x7f) | 0x80) << 24) >> 24);
      value >>>= 7;
    }
    return this.int8((value << 24) >> 24);
  }

  varint(v: number): this {
    return this.uvarint((v << 1) ^ (v >> 31));
  }

  varlong(v: bigint): this {
    let value = (v << 1n) ^ (v >> 63n);
    value = BigInt.asUintN(64, value);
    while (value >= 0x80n) {
      this.int8((Number((value & 0x7fn) | 0x80n) << 24) >> 24);
      value >>= 7n;
    }
    return this.int8((Number(value) << 24) >> 24);
  }

  raw(b: Buffer): this {
    this.ensure(b.length);
    b.copy(this.buf, this.pos);
    this.pos += b.length;
    return this;
  }

  string(s: string): this {
    const b = Buffer.from(s, 'utf8');
    this.int16(b.length);
    return this.raw(b);
  }

  nullableString(s: string | null | undefined): this {
    if (s === null || s === undefined) return this.int16(-1);
    return this.string(s);
  }

  bytes(b: Buffer): this {
    this.int32(b.length);
    return this.raw(b);
  }

  nullableBytes(b: Buffer | null | undefined): this {
    if (b === null || b === undefined) return this.int32(-1);
    return this.bytes(b);
  }

  array<T>(items: readonly T[], writeItem: (w: Writer, item: T) => void): this {
    this.int32(items.length);
    for (const item of items) writeItem(this, item);
    return this;
  }

  nullableArray<T>(items: readonly T[] | null | undefined, writeItem: (w: Writer, item: T) => void): this {
    if (items === null || items === undefined) return this.int32(-1);
    return this.array(items, writeItem);
  }

  build(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
}
