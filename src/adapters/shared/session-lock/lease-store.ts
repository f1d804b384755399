/**
 * The three atomic operations a session lock needs from its storage. A lease is a key holding the holder's random
 * token with a time-to-live; only the holder's token may extend or delete it.
 */
export interface LeaseStore {
  /** Takes the lease when nobody holds it (or the holder's TTL ran out). */
  tryAcquire(key: string, token: string, ttlMs: number): Promise<boolean>;
  /** Extends the lease if `token` still holds it; false when it expired or someone else holds it now. */
  renew(key: string, token: string, ttlMs: number): Promise<boolean>;
  /** Deletes the lease if `token` still holds it (never someone else's). */
  release(key: string, token: string): Promise<void>;
}
