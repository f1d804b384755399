import { clone, create } from '@bufbuild/protobuf';
import { timestampNow } from '@bufbuild/protobuf/wkt';
import { InvalidInputError, NotFoundError } from '../../domain/errors/domain-errors';
import {
  type AgentExecution,
  AgentExecutionSchema,
  AgentExecutionStatusSchema,
} from '../proto/gen/ai/stigmer/agentic/agentexecution/v1/api_pb';
import { ExecutionPhase } from '../proto/gen/ai/stigmer/agentic/agentexecution/v1/enum_pb';
import { type Session, SessionSchema } from '../proto/gen/ai/stigmer/agentic/session/v1/api_pb';
import { ApiResourceOwnerScope } from '../proto/gen/ai/stigmer/commons/apiresource/enum_pb';
import { ApiResourceMetadataSchema } from '../proto/gen/ai/stigmer/commons/apiresource/metadata_pb';
import {
  type ApiResourceAudit,
  ApiResourceAuditSchema,
  ApiResourceAuditStatusSchema,
} from '../proto/gen/ai/stigmer/commons/apiresource/status_pb';
import { API_VERSION } from '../proto/mapping/resources.mapping';
import { newResourceId } from './ids';
import type { LocalStore } from './local-store';

/**
 * The write operations of the embedded backend, shared by its gRPC handlers and the CLI helpers.
 * They fill what stigmer-server fills (ids, constants, audit) and throw domain errors that name the field.
 */

const DEFAULT_ORG = 'local';

/** SessionCommandController/create. */
export async function createSession(store: LocalStore, input: Session): Promise<Session> {
  const session = clone(SessionSchema, input);
  session.apiVersion ||= API_VERSION;
  session.kind ||= 'Session';
  const metadata = (session.metadata ??= create(ApiResourceMetadataSchema));
  metadata.id ||= newResourceId('ses');
  metadata.slug ||= metadata.id;
  metadata.name ||= metadata.slug;
  metadata.org ||= DEFAULT_ORG;
  if (metadata.ownerScope === ApiResourceOwnerScope.api_resource_owner_scope_unspecified) {
    metadata.ownerScope = ApiResourceOwnerScope.organization;
  }
  if (store.getSession(metadata.id)) throw new InvalidInputError('session metadata.id', `${metadata.id} already exists`);
  session.status = create(ApiResourceAuditStatusSchema, { audit: audit('created') });
  await store.saveSession(session);
  return session;
}

/**
 * SessionCommandController/update: validates the whole Session, keeps id/slug/org and status from the stored one,
 * takes spec and the rest of metadata from the request (contract §4).
 */
export async function updateSession(store: LocalStore, input: Session): Promise<Session> {
  const id = input.metadata?.id ?? '';
  const existing = id ? store.getSession(id) : undefined;
  if (!existing) throw new NotFoundError('Session', id);
  const session = clone(SessionSchema, input);
  session.metadata!.id = existing.metadata!.id;
  session.metadata!.slug = existing.metadata!.slug;
  session.metadata!.org = existing.metadata!.org;
  session.status = create(ApiResourceAuditStatusSchema, { audit: audit('updated', existing.status?.audit) });
  await store.saveSession(session);
  return session;
}

/**
 * AgentExecutionCommandController/create: requires a message; with no session id, creates a session on the agent's
 * default instance. Stored with status {phase PENDING, audit}. (The real server also starts the Temporal
 * workflow; the embedded backend leaves that to its caller.)
 */
export async function createExecution(store: LocalStore, input: AgentExecution): Promise<AgentExecution> {
  const execution = clone(AgentExecutionSchema, input);
  const spec = execution.spec;
  if (!spec) throw new InvalidInputError('execution spec', 'is required');
  if (!spec.message) throw new InvalidInputError('execution spec.message', 'must not be empty');
  if (spec.sessionId) {
    if (!store.getSession(spec.sessionId)) throw new NotFoundError('Session', spec.sessionId);
  } else {
    if (!spec.agentId) throw new InvalidInputError('execution spec.agent_id', 'is required when spec.session_id is empty');
    const instance = store.findInstanceForAgent(spec.agentId);
    if (!instance) throw new NotFoundError('AgentInstance', `for agent ${spec.agentId}`);
    const session = await createSession(
      store,
      create(SessionSchema, { spec: { agentInstanceId: instance.metadata!.id, subject: spec.message.slice(0, 80) } }),
    );
    spec.sessionId = session.metadata!.id;
  }
  if (!spec.agentId) {
    const session = store.getSession(spec.sessionId);
    spec.agentId = store.getAgentInstance(session?.spec?.agentInstanceId ?? '')?.spec?.agentId ?? '';
  }
  execution.apiVersion ||= API_VERSION;
  execution.kind ||= 'AgentExecution';
  const metadata = (execution.metadata ??= create(ApiResourceMetadataSchema));
  metadata.id ||= newResourceId('aex');
  metadata.slug ||= metadata.id;
  metadata.name ||= metadata.slug;
  metadata.org ||= DEFAULT_ORG;
  execution.status = create(AgentExecutionStatusSchema, { phase: ExecutionPhase.EXECUTION_PENDING, audit: audit('created') });
  await store.createExecution(execution);
  return execution;
}

function audit(event: 'created' | 'updated', previous?: ApiResourceAudit): ApiResourceAudit {
  const now = timestampNow();
  const actor = { id: 'system', avatar: '' };
  const info = (createdAt = now) => ({ createdBy: actor, createdAt, updatedBy: actor, updatedAt: now, event });
  return create(ApiResourceAuditSchema, {
    specAudit: info(previous?.specAudit?.createdAt),
    statusAudit: info(previous?.statusAudit?.createdAt),
  });
}
