import { toBinary } from '@bufbuild/protobuf';
import type { ExecutionStatus } from '../../../src/domain/status/execution-status';
import type { StigmerBackend } from '../../../src/ports/stigmer-backend.port';
import { AgentExecutionStatusSchema } from '../../../src/adapters/proto/gen/ai/stigmer/agentic/agentexecution/v1/api_pb';
import { statusToProto } from '../../../src/adapters/proto/mapping/status.mapping';

/** What the worker handed to updateExecutionStatus for one execution. */
export interface StatusUpdates {
  updates: number;
  /** Sum of the protobuf binary size of every snapshot (the `status` field of each updateStatus request). */
  protoBytes: number;
  /** Sum of the JSON size of every snapshot as the runner builds it, for comparison. */
  jsonBytes: number;
  /** performance.timeOrigin-based wall clock (ms) of the first and last update handed over. */
  firstAt: number;
  lastAt: number;
  lastPhase: ExecutionStatus['phase'];
}

/**
 * Wraps the worker's StigmerBackend (ContainerOverrides.backend) and measures every status snapshot the worker
 * sends, without changing what is sent: the size is computed with the same statusToProto mapping the gRPC adapter
 * uses, then the call is delegated unchanged.
 */
export class StatusRecordingBackend implements StigmerBackend {
  private readonly byExecution = new Map<string, StatusUpdates>();

  constructor(private readonly inner: StigmerBackend) {}

  updates(executionId: string): StatusUpdates | undefined {
    return this.byExecution.get(executionId);
  }

  async updateExecutionStatus(executionId: string, status: ExecutionStatus): Promise<void> {
    const now = performance.timeOrigin + performance.now();
    const entry = this.byExecution.get(executionId) ?? { updates: 0, protoBytes: 0, jsonBytes: 0, firstAt: now, lastAt: now, lastPhase: status.phase };
    entry.updates += 1;
    entry.protoBytes += toBinary(AgentExecutionStatusSchema, statusToProto(status)).byteLength;
    entry.jsonBytes += Buffer.byteLength(JSON.stringify(status));
    entry.lastAt = now;
    entry.lastPhase = status.phase;
    this.byExecution.set(executionId, entry);
    return this.inner.updateExecutionStatus(executionId, status);
  }

  getSession: StigmerBackend['getSession'] = (id) => this.inner.getSession(id);
  getAgentInstance: StigmerBackend['getAgentInstance'] = (id) => this.inner.getAgentInstance(id);
  getAgent: StigmerBackend['getAgent'] = (id) => this.inner.getAgent(id);
  getSkillByReference: StigmerBackend['getSkillByReference'] = (ref) => this.inner.getSkillByReference(ref);
  getEnvironmentByReference: StigmerBackend['getEnvironmentByReference'] = (ref) => this.inner.getEnvironmentByReference(ref);
  getSkillArtifact: StigmerBackend['getSkillArtifact'] = (key) => this.inner.getSkillArtifact(key);
  bindSandboxToSession: StigmerBackend['bindSandboxToSession'] = (sessionId, sandboxId) => this.inner.bindSandboxToSession(sessionId, sandboxId);

  /** The worker closes its backend on shutdown; pass that on to the real client (it owns a gRPC channel). */
  async close(): Promise<void> {
    await (this.inner as StigmerBackend & { close?: () => void | Promise<void> }).close?.();
  }
}
