// Bytes of payloads and headers as the API sends them: `text` when the bytes are clean UTF-8, else `base64`.

export interface ByteSource {
  text: string | null;
  base64: string | null;
}

export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  // Chunked: String.fromCharCode with a huge argument list overflows the stack.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** The raw bytes, or null for a null value. */
export function sourceBytes(source: ByteSource): Uint8Array | null {
  if (source.base64 !== null) return base64ToBytes(source.base64);
  if (source.text !== null) return new TextEncoder().encode(source.text);
  return null;
}

export function sourceBase64(source: ByteSource): string | null {
  if (source.base64 !== null) return source.base64;
  const bytes = sourceBytes(source);
  return bytes && bytesToBase64(bytes);
}

/** `00 00 00 03` */
export function toHex(bytes: Uint8Array, limit = Infinity): string {
  const shown = bytes.length > limit ? bytes.subarray(0, limit) : bytes;
  const hex = Array.from(shown, (b) => b.toString(16).padStart(2, '0')).join(' ');
  return bytes.length > limit ? `${hex} …` : hex;
}
