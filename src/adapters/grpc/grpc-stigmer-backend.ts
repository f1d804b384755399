import { create } from '@bufbuild/protobuf';
import type { Client } from '@grpc/grpc-js';
import { InvalidInputError } from '../../domain/errors/domain-errors';
import type { Agent, AgentInstance, Environment, ResourceRef, Session, Skill } from '../../domain/model/resources';
import type { ExecutionStatus } from '../../domain/status/execution-status';
import type { StigmerBackend } from '../../ports/stigmer-backend.port';
import { AgentQueryController } from '../proto/gen/ai/stigmer/agentic/agent/v1/query_pb';
import { AgentIdSchema } from '../proto/gen/ai/stigmer/agentic/agent/v1/io_pb';
import {
  AgentExecutionCommandController,
  AgentExecutionUpdateStatusInputSchema,
} from '../proto/gen/ai/stigmer/agentic/agentexecution/v1/command_pb';
import { AgentInstanceIdSchema } from '../proto/gen/ai/stigmer/agentic/agentinstance/v1/io_pb';
import { AgentInstanceQueryController } from '../proto/gen/ai/stigmer/agentic/agentinstance/v1/query_pb';
import { EnvironmentQueryController } from '../proto/gen/ai/stigmer/agentic/environment/v1/query_pb';
import { SessionCommandController } from '../proto/gen/ai/stigmer/agentic/session/v1/command_pb';
import { SessionIdSchema } from '../proto/gen/ai/stigmer/agentic/session/v1/io_pb';
import { SessionQueryController } from '../proto/gen/ai/stigmer/agentic/session/v1/query_pb';
import { SessionSpecSchema } from '../proto/gen/ai/stigmer/agentic/session/v1/spec_pb';
import { GetArtifactRequestSchema } from '../proto/gen/ai/stigmer/agentic/skill/v1/io_pb';
import { SkillQueryController } from '../proto/gen/ai/stigmer/agentic/skill/v1/query_pb';
import { ApiResourceKind } from '../proto/gen/ai/stigmer/commons/apiresource/apiresourcekind/api_resource_kind_pb';
import {
  agentFromProto,
  agentInstanceFromProto,
  environmentFromProto,
  resourceRefToProto,
  sessionFromProto,
  skillFromProto,
} from '../proto/mapping/resources.mapping';
import { statusToProto } from '../proto/mapping/status.mapping';
import { type GrpcStigmerBackendOptions, type ResolvedBackendOptions, resolveBackendOptions } from './grpc-backend-options';
import { createBackendChannel } from './grpc-channel';
import type { CallTarget } from './grpc-errors';
import { StatusDeliveryGuard } from './status-delivery-guard';
import { UnaryCaller } from './unary-caller';

/**
 * StigmerBackend over gRPC to stigmer-server (contract §2). One instance owns one channel: bind it as a
 * process-wide singleton. Every call the runner makes is idempotent (reads, full-snapshot status, whole-Session
 * update), so all of them are retried on UNAVAILABLE / DEADLINE_EXCEEDED.
 */
export class GrpcStigmerBackend implements StigmerBackend {
  private readonly options: ResolvedBackendOptions;
  private readonly client: Client;
  private readonly caller: UnaryCaller;
  private readonly guard = new StatusDeliveryGuard();
  /** Per-execution send chains: snapshots for one execution leave in the order they were given. */
  private readonly statusChains = new Map<string, Promise<void>>();

  constructor(options: GrpcStigmerBackendOptions) {
    this.options = resolveBackendOptions(options);
    this.client = createBackendChannel(this.options);
    this.caller = new UnaryCaller(this.client, this.options);
  }

  async getSession(sessionId: string): Promise<Session> {
    return sessionFromProto(await this.fetchSession(sessionId));
  }

  async getAgentInstance(agentInstanceId: string): Promise<AgentInstance> {
    const target = { operation: 'get', resource: 'agent instance', id: requireValue(agentInstanceId, 'agent instance id') };
    const request = create(AgentInstanceIdSchema, { value: agentInstanceId });
    return agentInstanceFromProto(await this.caller.call(AgentInstanceQueryController.method.get, request, target, true));
  }

  async getAgent(agentId: string): Promise<Agent> {
    const target = { operation: 'get', resource: 'agent', id: requireValue(agentId, 'agent id') };
    const request = create(AgentIdSchema, { value: agentId });
    return agentFromProto(await this.caller.call(AgentQueryController.method.get, request, target, true));
  }

  async getSkillByReference(ref: ResourceRef): Promise<Skill> {
    requireValue(ref.slug, 'skill reference slug');
    const target = { operation: 'resolve', resource: 'skill', id: refLabel(ref) };
    return skillFromProto(await this.caller.call(SkillQueryController.method.getByReference, resourceRefToProto(ref), target, true));
  }

  async getEnvironmentByReference(ref: ResourceRef): Promise<Environment> {
    requireValue(ref.slug, 'environment reference slug');
    const target = { operation: 'resolve', resource: 'environment', id: refLabel(ref) };
    // Gotcha 11: instances are validated with kind 52 but getByReference only accepts 0 or 53.
    const kind = ref.kind === ApiResourceKind.workflow_execution ? ApiResourceKind.api_resource_kind_unknown : ref.kind;
    const request = resourceRefToProto({ ...ref, kind });
    return environmentFromProto(await this.caller.call(EnvironmentQueryController.method.getByReference, request, target, true));
  }

  async getSkillArtifact(artifactStorageKey: string): Promise<Uint8Array> {
    const target = { operation: 'download', resource: 'skill artifact', id: requireValue(artifactStorageKey, 'artifact storage key') };
    const request = create(GetArtifactRequestSchema, { artifactStorageKey });
    const response = await this.caller.call(SkillQueryController.method.getArtifact, request, target, true);
    return response.artifact;
  }

  async updateExecutionStatus(executionId: string, status: ExecutionStatus): Promise<void> {
    requireValue(executionId, 'execution id');
    const previous = this.statusChains.get(executionId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.sendStatus(executionId, status));
    this.statusChains.set(executionId, next);
    // Forget the chain once it is the last one and has settled, so the map does not grow.
    const forget = () => {
      if (this.statusChains.get(executionId) === next) this.statusChains.delete(executionId);
    };
    next.then(forget, forget);
    return next;
  }

  async bindSandboxToSession(sessionId: string, sandboxId: string): Promise<void> {
    requireValue(sandboxId, 'sandbox id');
    const session = await this.fetchSession(sessionId);
    session.spec ??= create(SessionSpecSchema);
    session.spec.sandboxId = sandboxId;
    const target = { operation: 'update', resource: 'session', id: sessionId };
    await this.caller.call(SessionCommandController.method.update, session, target, true);
  }

  /** Cancels pending retries and closes the channel. */
  close(): void {
    this.caller.close();
    this.client.close();
  }

  private async fetchSession(sessionId: string) {
    const target: CallTarget = { operation: 'get', resource: 'session', id: requireValue(sessionId, 'session id') };
    return this.caller.call(SessionQueryController.method.get, create(SessionIdSchema, { value: sessionId }), target, true);
  }

  private async sendStatus(executionId: string, status: ExecutionStatus): Promise<void> {
    const decision = this.guard.decide(executionId, status);
    if (!decision.send) {
      this.options.logger?.debug('status snapshot dropped: a terminal snapshot was already sent', { executionId, phase: status.phase });
      return;
    }
    if (decision.keptLists.length > 0) {
      this.options.logger?.warn('status snapshot had shorter lists than the last one sent; kept the previous lists', {
        executionId,
        fields: decision.keptLists,
      });
    }
    this.guard.recordAttempt(executionId, decision.status);
    const request = create(AgentExecutionUpdateStatusInputSchema, { executionId, status: statusToProto(decision.status) });
    const target = { operation: 'update status of', resource: 'execution', id: executionId };
    await this.caller.call(AgentExecutionCommandController.method.updateStatus, request, target, true);
    this.guard.recordDelivered(executionId, decision.status);
  }
}

function requireValue(value: string, field: string): string {
  if (!value || !value.trim()) throw new InvalidInputError(field, 'must not be empty');
  return value;
}

function refLabel(ref: ResourceRef): string {
  return `${ref.org ? `${ref.org}/` : ''}${ref.slug}${ref.version ? `@${ref.version}` : ''}`;
}
