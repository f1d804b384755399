/** Public surface of the in-memory adapters for single-process local mode (same semantics as the Redis ones). */
export { InMemoryConversationStore } from './in-memory-conversation-store';
export { type BoundedMemorySaverOptions } from './bounded-memory-saver';
export { InMemorySessionLock, InMemoryLeaseTable, type InMemorySessionLockOptions } from './in-memory-session-lock';
export { InMemoryLiveEvents, type InMemoryLiveEventsOptions } from './in-memory-live-events';
