/** Written to the graph's `custom` stream when a requested tool call is answered with an error without running. */
export interface RefusedToolCallSignal {
  source: 'tool_calls';
  type: 'refused_call';
  toolCallId: string;
  name: string;
  reason: string;
}

export function emitRefusedCall(writer: ((chunk: unknown) => void) | undefined, toolCallId: string, name: string, reason: string): void {
  const signal: RefusedToolCallSignal = { source: 'tool_calls', type: 'refused_call', toolCallId, name, reason };
  writer?.(signal);
}
