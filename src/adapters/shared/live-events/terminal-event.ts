import { isTerminalPhase } from '../../../domain/status/execution-status';
import type { LiveEvent } from '../../../ports/live-events.port';

/** The event that ends an execution's stream: readers stop following after it. */
export function isTerminalLiveEvent(event: LiveEvent): boolean {
  return event.type === 'phase' && isTerminalPhase(event.phase);
}
