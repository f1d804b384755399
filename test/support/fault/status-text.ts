import type { ExecutionStatus } from '../../../src/domain/status/execution-status';

/**
 * A stored status as readable lines: each message (type and text) with its tool calls (name, status, result or
 * error), then the phase and error. For substring assertions and for failure output.
 */
export function statusText(status: ExecutionStatus | undefined): string {
  if (!status) return '(no status)';
  const lines: string[] = [];
  for (const message of status.messages) {
    lines.push(`${message.type}: ${message.content}`);
    for (const call of message.toolCalls) lines.push(`  ${call.name} ${call.status}: ${call.result}${call.error ? ` error=${call.error}` : ''}`);
  }
  lines.push(`phase=${status.phase} error=${status.error}`);
  return lines.join('\n');
}
