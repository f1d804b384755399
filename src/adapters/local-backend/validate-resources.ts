import { InvalidInputError } from '../../domain/errors/domain-errors';
import type { Agent } from '../proto/gen/ai/stigmer/agentic/agent/v1/api_pb';
import type { AgentInstance } from '../proto/gen/ai/stigmer/agentic/agentinstance/v1/api_pb';
import type { Session } from '../proto/gen/ai/stigmer/agentic/session/v1/api_pb';
import { ApiResourceOwnerScope } from '../proto/gen/ai/stigmer/commons/apiresource/enum_pb';
import { API_VERSION } from '../proto/mapping/resources.mapping';

/**
 * The protovalidate rules stigmer-server enforces on the resources the runner reads (contract §1.5, §1.10),
 * as plain checks with messages that name the resource and field.
 */

const MIN_INSTRUCTIONS = 10;

export function validateAgent(agent: Agent): void {
  const label = `agent ${agent.metadata?.slug || agent.metadata?.id || '(unnamed)'}`;
  requireMetadata(agent.metadata?.id, label);
  if ((agent.spec?.instructions ?? '').trim().length < MIN_INSTRUCTIONS) {
    throw new InvalidInputError(`${label} spec.instructions`, `must be at least ${MIN_INSTRUCTIONS} characters`);
  }
  for (const [i, ref] of (agent.spec?.skillRefs ?? []).entries()) {
    if (!ref.slug) throw new InvalidInputError(`${label} spec.skillRefs[${i}].slug`, 'is required');
  }
  for (const [i, sub] of (agent.spec?.subAgents ?? []).entries()) {
    if (!sub.name) throw new InvalidInputError(`${label} spec.subAgents[${i}].name`, 'is required');
    if (sub.instructions.trim().length < MIN_INSTRUCTIONS) {
      throw new InvalidInputError(`${label} spec.subAgents[${i}].instructions`, `must be at least ${MIN_INSTRUCTIONS} characters`);
    }
  }
}

export function validateAgentInstance(instance: AgentInstance, agentExists: (id: string) => boolean): void {
  const label = `agent instance ${instance.metadata?.slug || instance.metadata?.id || '(unnamed)'}`;
  requireMetadata(instance.metadata?.id, label);
  const agentId = instance.spec?.agentId ?? '';
  if (!agentId) throw new InvalidInputError(`${label} spec.agentId`, 'is required');
  if (!agentExists(agentId)) throw new InvalidInputError(`${label} spec.agentId`, `agent ${agentId} does not exist`);
  for (const [i, ref] of (instance.spec?.environmentRefs ?? []).entries()) {
    if (!ref.slug) throw new InvalidInputError(`${label} spec.environmentRefs[${i}].slug`, 'is required');
  }
}

/** The full-Session validation SessionCommandController runs on create/update. */
export function validateSession(session: Session, instanceExists: (id: string) => boolean): void {
  const label = `session ${session.metadata?.id || session.metadata?.slug || '(new)'}`;
  if (session.apiVersion !== API_VERSION) throw new InvalidInputError(`${label} api_version`, `must be ${API_VERSION}`);
  if (session.kind !== 'Session') throw new InvalidInputError(`${label} kind`, 'must be Session');
  if (!session.metadata) throw new InvalidInputError(`${label} metadata`, 'is required');
  const scope = session.metadata.ownerScope;
  if (scope !== ApiResourceOwnerScope.organization && scope !== ApiResourceOwnerScope.identity_account) {
    throw new InvalidInputError(`${label} metadata.owner_scope`, 'must be organization or identity_account');
  }
  const instanceId = session.spec?.agentInstanceId ?? '';
  if (!instanceId) throw new InvalidInputError(`${label} spec.agent_instance_id`, 'is required');
  if (!instanceExists(instanceId)) {
    throw new InvalidInputError(`${label} spec.agent_instance_id`, `agent instance ${instanceId} does not exist`);
  }
}

function requireMetadata(id: string | undefined, label: string): void {
  if (!id) throw new InvalidInputError(`${label} metadata.id`, 'is required');
}
