import { base64Encode, toUrlSafe, utf8Bytes, withoutPadding } from '../text/base64';

/** Shorter shifted fragments would match unrelated base64 text too easily. */
const MIN_FRAGMENT_CHARS = 6;

/**
 * Every string under which `secret` can show up in text: itself, its JSON-escaped and URL-encoded forms, its
 * base64 (standard and url-safe, with and without padding), and the fragments of its base64 when it sits at byte
 * offset 1 or 2 inside a larger encoded value, such as `Basic base64(user:password)`.
 */
export function secretPatterns(secret: string): string[] {
  const bytes = utf8Bytes(secret);
  const encodings = [0, 1, 2].flatMap((offset) => {
    const fragment = alignedFragment(bytes, offset);
    const fragments = fragment.length >= MIN_FRAGMENT_CHARS ? [fragment] : [];
    return offset === 0 ? [base64Encode(bytes), ...fragments] : fragments;
  });
  const variants = encodings.flatMap((e) => [e, withoutPadding(e), toUrlSafe(e), withoutPadding(toUrlSafe(e))]);
  const escaped = [JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)];
  return [...new Set([secret, ...escaped, ...variants])].filter((p) => p.length > 0);
}

/** The base64 characters determined only by the secret's bits when `offset` unknown bytes precede it. */
function alignedFragment(secret: Uint8Array, offset: number): string {
  const shifted = new Uint8Array(offset + secret.length);
  shifted.set(secret, offset);
  const encoded = base64Encode(shifted);
  const first = Math.ceil((8 * offset) / 6);
  const end = Math.floor((8 * (offset + secret.length)) / 6);
  return encoded.slice(first, end);
}
