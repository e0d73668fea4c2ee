export interface HexDumpLine {
  /** `00000010` */
  offset: string;
  /** 16 bytes in two groups of 8: `7b 22 69 64 22 3a 20 31  32 7d` */
  hex: string;
  /** printable ASCII, `.` for everything else */
  ascii: string;
}

const BYTES_PER_LINE = 16;

/** The classic `hexdump -C` layout, for at most `maxBytes` bytes from the start. */
export function hexDump(bytes: Uint8Array, maxBytes = Infinity): HexDumpLine[] {
  const end = Math.min(bytes.length, maxBytes);
  const lines: HexDumpLine[] = [];
  for (let start = 0; start < end; start += BYTES_PER_LINE) {
    const chunk = bytes.subarray(start, Math.min(start + BYTES_PER_LINE, end));
    const cells = Array.from(chunk, (b) => b.toString(16).padStart(2, '0'));
    const hex = `${cells.slice(0, 8).join(' ')}  ${cells.slice(8).join(' ')}`.trimEnd();
    const ascii = Array.from(chunk, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push({ offset: start.toString(16).padStart(8, '0'), hex, ascii });
  }
  return lines;
}
