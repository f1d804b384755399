import { randomBytes } from 'node:crypto';

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';

/** Stigmer-style id: `<prefix>-<lower-case ULID>` (contract gotcha 14), e.g. `aex-01jh5t...`. */
export function newResourceId(prefix: string, now: number = Date.now()): string {
  return `${prefix}-${ulid(now)}`;
}

/** 48-bit millisecond time + 80 random bits, Crockford base32: sortable by creation time. */
function ulid(now: number): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const bytes = randomBytes(16);
  let random = '';
  for (let i = 0; i < 16; i++) random += CROCKFORD[bytes[i] % 32];
  return time + random;
}
