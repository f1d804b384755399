/**
 * Maps graph namespaces to the `task` tool call that spawned them. Each tool call runs as its own LangGraph task
 * (`tools:<taskId>`); the `tasks` stream announces the task with its tool call, and everything a sub-agent emits
 * carries that `tools:<taskId>` segment in its namespace.
 */
export class SubAgentNamespaces {
  private readonly taskCalls = new Map<string, { toolCallId: string; toolName: string }>();

  /** Records a `tools` task start (`tasks` stream mode). */
  recordToolTask(taskId: string, toolCall: { id?: string; name?: string } | undefined): void {
    if (toolCall?.id && toolCall.name) this.taskCalls.set(taskId, { toolCallId: toolCall.id, toolName: toolCall.name });
  }

  /** The innermost `task` call a namespace belongs to; undefined for the main agent. */
  subAgentIdOf(namespace: string[]): string | undefined {
    for (let i = namespace.length - 1; i >= 0; i -= 1) {
      const [node, taskId] = splitSegment(namespace[i]);
      if (node !== 'tools' || !taskId) continue;
      const call = this.taskCalls.get(taskId);
      if (call?.toolName === 'task') return call.toolCallId;
    }
    return undefined;
  }
}

function splitSegment(segment: string): [string, string | undefined] {
  const colon = segment.indexOf(':');
  return colon < 0 ? [segment, undefined] : [segment.slice(0, colon), segment.slice(colon + 1)];
}
