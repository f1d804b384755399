import { create, type MessageInitShape } from '@bufbuild/protobuf';
import type {
  Agent,
  AgentInstance,
  EnvMap,
  Environment,
  McpServerDefinition,
  ResourceMeta,
  ResourceRef,
  Session,
  Skill,
  SkillState,
  SubAgentDefinition,
} from '../../../domain/model/resources';
import { type Agent as AgentPb, AgentSchema } from '../gen/ai/stigmer/agentic/agent/v1/api_pb';
import {
  type McpServerDefinition as McpServerDefinitionPb,
  McpServerDefinitionSchema,
  McpToolSelectionSchema,
  type SubAgent as SubAgentPb,
  SubAgentSchema,
} from '../gen/ai/stigmer/agentic/agent/v1/spec_pb';
import { type AgentInstance as AgentInstancePb, AgentInstanceSchema } from '../gen/ai/stigmer/agentic/agentinstance/v1/api_pb';
import { type Environment as EnvironmentPb, EnvironmentSchema } from '../gen/ai/stigmer/agentic/environment/v1/api_pb';
import {
  type EnvironmentSpec as EnvironmentSpecPb,
  EnvironmentSpecSchema,
  type EnvironmentValue as EnvironmentValuePb,
  EnvironmentValueSchema,
} from '../gen/ai/stigmer/agentic/environment/v1/spec_pb';
import { type Session as SessionPb, SessionSchema } from '../gen/ai/stigmer/agentic/session/v1/api_pb';
import { type Skill as SkillPb, SkillSchema } from '../gen/ai/stigmer/agentic/skill/v1/api_pb';
import { SkillState as SkillStatePb } from '../gen/ai/stigmer/agentic/skill/v1/status_pb';
import { ApiResourceOwnerScope } from '../gen/ai/stigmer/commons/apiresource/enum_pb';
import { type ApiResourceReference, ApiResourceReferenceSchema } from '../gen/ai/stigmer/commons/apiresource/io_pb';
import { type ApiResourceMetadata, ApiResourceMetadataSchema } from '../gen/ai/stigmer/commons/apiresource/metadata_pb';

/**
 * Proto ↔ domain mapping for the resources the runner reads (contract §1.3–§1.8).
 * `fromProto` is what the runner uses; `toProto` exists for seeding servers and tests, and fills the
 * constants a real server validates (api_version, kind, owner_scope).
 */

export const API_VERSION = 'agentic.stigmer.ai/v1';

// --- metadata and references ---

export function metaFromProto(metadata: ApiResourceMetadata | undefined): ResourceMeta {
  return { id: metadata?.id ?? '', name: metadata?.name ?? '', slug: metadata?.slug ?? '', org: metadata?.org ?? '' };
}

/** Sessions and environments must be organization/identity scoped, agents and skills platform/organization: organization fits all. */
export function metaToProto(meta: ResourceMeta): ApiResourceMetadata {
  return create(ApiResourceMetadataSchema, { ...meta, ownerScope: ApiResourceOwnerScope.organization });
}

export function resourceRefFromProto(ref: ApiResourceReference): ResourceRef {
  return { scope: ref.scope, org: ref.org, kind: ref.kind, slug: ref.slug, version: ref.version };
}

export function resourceRefToProto(ref: ResourceRef): ApiResourceReference {
  return create(ApiResourceReferenceSchema, { ...ref });
}

// --- environment values ---

export function envMapFromProto(spec: EnvironmentSpecPb | undefined): EnvMap {
  const env: EnvMap = {};
  for (const [name, v] of Object.entries(spec?.data ?? {})) env[name] = { value: v.value, isSecret: v.isSecret };
  return env;
}

export function envMapToProto(env: EnvMap): EnvironmentSpecPb {
  const data: Record<string, EnvironmentValuePb> = {};
  for (const [name, v] of Object.entries(env)) data[name] = create(EnvironmentValueSchema, { value: v.value, isSecret: v.isSecret });
  return create(EnvironmentSpecSchema, { data });
}

// --- Session ---

export function sessionFromProto(session: SessionPb): Session {
  return {
    meta: metaFromProto(session.metadata),
    agentInstanceId: session.spec?.agentInstanceId ?? '',
    subject: session.spec?.subject ?? '',
    threadId: session.spec?.threadId ?? '',
    sandboxId: session.spec?.sandboxId ?? '',
    metadata: { ...(session.spec?.metadata ?? {}) },
  };
}

export function sessionToProto(session: Session): SessionPb {
  return create(SessionSchema, {
    apiVersion: API_VERSION,
    kind: 'Session',
    metadata: metaToProto(session.meta),
    spec: {
      agentInstanceId: session.agentInstanceId,
      subject: session.subject,
      threadId: session.threadId,
      sandboxId: session.sandboxId,
      metadata: { ...session.metadata },
    },
  });
}

// --- AgentInstance ---

export function agentInstanceFromProto(instance: AgentInstancePb): AgentInstance {
  return {
    meta: metaFromProto(instance.metadata),
    agentId: instance.spec?.agentId ?? '',
    environmentRefs: (instance.spec?.environmentRefs ?? []).map(resourceRefFromProto),
  };
}

export function agentInstanceToProto(instance: AgentInstance): AgentInstancePb {
  return create(AgentInstanceSchema, {
    apiVersion: API_VERSION,
    kind: 'AgentInstance',
    metadata: metaToProto(instance.meta),
    spec: { agentId: instance.agentId, environmentRefs: instance.environmentRefs.map(resourceRefToProto) },
  });
}

// --- Agent ---

export function agentFromProto(agent: AgentPb): Agent {
  const spec = agent.spec;
  return {
    meta: metaFromProto(agent.metadata),
    description: spec?.description ?? '',
    instructions: spec?.instructions ?? '',
    skillRefs: (spec?.skillRefs ?? []).map(resourceRefFromProto),
    subAgents: (spec?.subAgents ?? []).map(subAgentFromProto),
    mcpServers: (spec?.mcpServers ?? []).map(mcpServerFromProto),
    envSpec: envMapFromProto(spec?.envSpec),
  };
}

export function agentToProto(agent: Agent): AgentPb {
  return create(AgentSchema, {
    apiVersion: API_VERSION,
    kind: 'Agent',
    metadata: metaToProto(agent.meta),
    spec: {
      description: agent.description,
      instructions: agent.instructions,
      skillRefs: agent.skillRefs.map(resourceRefToProto),
      subAgents: agent.subAgents.map(subAgentToProto),
      mcpServers: agent.mcpServers.map(mcpServerToProto),
      envSpec: envMapToProto(agent.envSpec),
    },
  });
}

function subAgentFromProto(sub: SubAgentPb): SubAgentDefinition {
  const selections: SubAgentDefinition['mcpToolSelections'] = {};
  for (const [server, sel] of Object.entries(sub.mcpToolSelections)) selections[server] = { enabledTools: [...sel.enabledTools] };
  return {
    name: sub.name,
    description: sub.description,
    instructions: sub.instructions,
    mcpServers: [...sub.mcpServers],
    mcpToolSelections: selections,
    skillRefs: sub.skillRefs.map(resourceRefFromProto),
  };
}

function subAgentToProto(sub: SubAgentDefinition): SubAgentPb {
  const selections: SubAgentPb['mcpToolSelections'] = {};
  for (const [server, sel] of Object.entries(sub.mcpToolSelections)) {
    selections[server] = create(McpToolSelectionSchema, { enabledTools: [...sel.enabledTools] });
  }
  return create(SubAgentSchema, {
    name: sub.name,
    description: sub.description,
    instructions: sub.instructions,
    mcpServers: [...sub.mcpServers],
    mcpToolSelections: selections,
    skillRefs: sub.skillRefs.map(resourceRefToProto),
  });
}

/** The oneof `server_type` becomes a tagged union; an unset oneof stays `undefined` so callers can reject it by name. */
function mcpServerFromProto(server: McpServerDefinitionPb): McpServerDefinition {
  const t = server.serverType;
  let transport: McpServerDefinition['transport'];
  switch (t.case) {
    case 'stdio':
      transport = {
        type: 'stdio',
        command: t.value.command,
        args: [...t.value.args],
        envPlaceholders: { ...t.value.envPlaceholders },
        workingDir: t.value.workingDir,
      };
      break;
    case 'http':
      transport = {
        type: 'http',
        url: t.value.url,
        headers: { ...t.value.headers },
        queryParams: { ...t.value.queryParams },
        timeoutSeconds: t.value.timeoutSeconds,
      };
      break;
    case 'docker':
      transport = { type: 'docker', image: t.value.image, args: [...t.value.args], envPlaceholders: { ...t.value.envPlaceholders } };
      break;
    default:
      transport = undefined;
  }
  return { name: server.name, transport, enabledTools: [...server.enabledTools] };
}

function mcpServerToProto(server: McpServerDefinition): McpServerDefinitionPb {
  return create(McpServerDefinitionSchema, {
    name: server.name,
    serverType: transportToProto(server.transport),
    enabledTools: [...server.enabledTools],
  });
}

type ServerTypeInit = NonNullable<MessageInitShape<typeof McpServerDefinitionSchema>['serverType']>;

function transportToProto(t: McpServerDefinition['transport']): ServerTypeInit {
  switch (t?.type) {
    case 'stdio':
      return {
        case: 'stdio',
        value: { command: t.command, args: [...t.args], envPlaceholders: { ...t.envPlaceholders }, workingDir: t.workingDir },
      };
    case 'http':
      return {
        case: 'http',
        value: { url: t.url, headers: { ...t.headers }, queryParams: { ...t.queryParams }, timeoutSeconds: t.timeoutSeconds },
      };
    case 'docker':
      return { case: 'docker', value: { image: t.image, args: [...t.args], envPlaceholders: { ...t.envPlaceholders } } };
    default:
      return { case: undefined };
  }
}

// --- Skill ---

const SKILL_STATES: Record<SkillStatePb, SkillState> = {
  [SkillStatePb.UNSPECIFIED]: 'UNSPECIFIED',
  [SkillStatePb.UPLOADING]: 'UPLOADING',
  [SkillStatePb.READY]: 'READY',
  [SkillStatePb.FAILED]: 'FAILED',
};

const SKILL_STATE_TO_PROTO: Record<SkillState, SkillStatePb> = {
  UNSPECIFIED: SkillStatePb.UNSPECIFIED,
  UPLOADING: SkillStatePb.UPLOADING,
  READY: SkillStatePb.READY,
  FAILED: SkillStatePb.FAILED,
};

export function skillFromProto(skill: SkillPb): Skill {
  return {
    meta: metaFromProto(skill.metadata),
    skillMd: skill.spec?.skillMd ?? '',
    tag: skill.spec?.tag ?? '',
    versionHash: skill.status?.versionHash ?? '',
    artifactStorageKey: skill.status?.artifactStorageKey ?? '',
    state: SKILL_STATES[skill.status?.state ?? SkillStatePb.UNSPECIFIED] ?? 'UNSPECIFIED',
  };
}

export function skillToProto(skill: Skill): SkillPb {
  return create(SkillSchema, {
    apiVersion: API_VERSION,
    kind: 'Skill',
    metadata: metaToProto(skill.meta),
    spec: { skillMd: skill.skillMd, tag: skill.tag },
    status: { versionHash: skill.versionHash, artifactStorageKey: skill.artifactStorageKey, state: SKILL_STATE_TO_PROTO[skill.state] },
  });
}

// --- Environment ---

export function environmentFromProto(environment: EnvironmentPb): Environment {
  return { meta: metaFromProto(environment.metadata), data: envMapFromProto(environment.spec) };
}

export function environmentToProto(environment: Environment): EnvironmentPb {
  return create(EnvironmentSchema, {
    apiVersion: API_VERSION,
    kind: 'Environment',
    metadata: metaToProto(environment.meta),
    spec: envMapToProto(environment.data),
  });
}
