import type { SubAgentEnd, SubAgentStart } from '../events/agent-event';
import { truncateText } from '../text/truncate';
import type { ExecutionStatus, SubAgentRecord } from './execution-status';
import type { StatusLimits } from './status-limits';

/** Sub-agent runs, keyed by the id of the `task` tool call that started them. Methods return whether anything changed. */
export class SubAgentLedger {
  constructor(
    private readonly status: ExecutionStatus,
    private readonly limits: StatusLimits,
  ) {}

  started(event: SubAgentStart, nowIso: string): boolean {
    if (this.find(event.id)) return false;
    const record: SubAgentRecord = {
      id: event.id,
      name: event.name,
      input: truncateText(event.input, this.limits.maxToolResultChars),
      output: '',
      status: 'IN_PROGRESS',
      startedAt: nowIso,
      completedAt: '',
      error: '',
    };
    if (event.subAgentId) record.metadata = { parentSubAgentId: event.subAgentId };
    this.status.subAgentExecutions.push(record);
    return true;
  }

  ended(event: SubAgentEnd, nowIso: string): boolean {
    const record = this.find(event.id) ?? this.unseen(event.id);
    if (!isOpen(record)) return false;
    record.output = truncateText(event.output, this.limits.maxToolResultChars);
    record.status = event.error ? 'FAILED' : 'COMPLETED';
    record.error = event.error ? truncateText(event.error, this.limits.maxToolResultChars) : '';
    record.completedAt = nowIso;
    return true;
  }

  interruptOpen(reason: string, nowIso: string): boolean {
    let changed = false;
    for (const record of this.status.subAgentExecutions.filter(isOpen)) {
      Object.assign(record, { status: 'FAILED', error: `interrupted: ${reason}`, completedAt: nowIso });
      changed = true;
    }
    return changed;
  }

  private find(id: string): SubAgentRecord | undefined {
    return this.status.subAgentExecutions.find((s) => s.id === id);
  }

  /** An end without a start still deserves a record; its start time is unknown. */
  private unseen(id: string): SubAgentRecord {
    const record: SubAgentRecord = { id, name: '', input: '', output: '', status: 'IN_PROGRESS', startedAt: '', completedAt: '', error: '' };
    this.status.subAgentExecutions.push(record);
    return record;
  }
}

function isOpen(record: SubAgentRecord): boolean {
  return record.status === 'IN_PROGRESS' || record.status === 'PENDING';
}
