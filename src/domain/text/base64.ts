/**
 * Base64 in plain TypeScript: the domain has no Buffer. UTF-8 encoding uses the TextEncoder global.
 */
const STANDARD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function utf8Bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Standard base64 (RFC 4648 §4) with `=` padding. */
export function base64Encode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i];
    const b1 = i + 1 < bytes.length ? bytes[i + 1] : 0;
    const b2 = i + 2 < bytes.length ? bytes[i + 2] : 0;
    out += STANDARD[b0 >> 2] + STANDARD[((b0 & 0x03) << 4) | (b1 >> 4)];
    out += i + 1 < bytes.length ? STANDARD[((b1 & 0x0f) << 2) | (b2 >> 6)] : '=';
    out += i + 2 < bytes.length ? STANDARD[b2 & 0x3f] : '=';
  }
  return out;
}

/** URL- and filename-safe base64 (RFC 4648 §5): `-` and `_` instead of `+` and `/`. */
export function toUrlSafe(standard: string): string {
  return standard.replace(/\+/g, '-').replace(/\//g, '_');
}

export function withoutPadding(encoded: string): string {
  return encoded.replace(/=+$/, '');
}
