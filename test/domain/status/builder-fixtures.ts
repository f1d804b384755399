import type { StatusLimits } from '../../../src/domain/status/status-limits';
import { StatusBuilder } from '../../../src/domain/status/status-builder';
import { at } from './recorded-run';

/** A started builder for focused tests. */
export function startedBuilder(limits?: Partial<StatusLimits>): StatusBuilder {
  const builder = new StatusBuilder({ userMessage: 'do it', now: at(0), limits });
  builder.start(at(1));
  return builder;
}
