export interface SessionLockHandle {
  readonly sessionId: string;
  /** Aborted when the lock is lost (e.g. renewal failed); the run must stop. */
  readonly lost: AbortSignal;
  release(): Promise<void>;
}

export interface SessionLockOptions {
  /** How long to wait for a busy session before failing with SessionBusyError. */
  waitMs: number;
  signal?: AbortSignal;
}

/** One holder per session across workers. */
export interface SessionLock {
  acquire(sessionId: string, options: SessionLockOptions): Promise<SessionLockHandle>;
}
