/**
 * Stigmer resources as the runner sees them, independent of protobuf.
 * Adapters map the wire messages onto these shapes.
 */

/** A value in an environment or in runtime_env; `isSecret` drives redaction. */
export interface EnvValue {
  value: string;
  isSecret: boolean;
}

export type EnvMap = Record<string, EnvValue>;

/** ApiResourceReference: skills and environments are resolved by slug (+ org, version). */
export interface ResourceRef {
  scope: number;
  org: string;
  kind: number;
  slug: string;
  version: string;
}

export interface ResourceMeta {
  id: string;
  name: string;
  slug: string;
  org: string;
}

export interface Session {
  meta: ResourceMeta;
  agentInstanceId: string;
  subject: string;
  threadId: string;
  sandboxId: string;
  metadata: Record<string, string>;
}

export interface AgentInstance {
  meta: ResourceMeta;
  agentId: string;
  environmentRefs: ResourceRef[];
}

export interface McpToolSelection {
  enabledTools: string[];
}

export type McpServerTransport =
  | { type: 'http'; url: string; headers: Record<string, string>; queryParams: Record<string, string>; timeoutSeconds: number }
  | { type: 'stdio'; command: string; args: string[]; envPlaceholders: Record<string, string>; workingDir: string }
  | { type: 'docker'; image: string; args: string[]; envPlaceholders: Record<string, string> };

export interface McpServerDefinition {
  name: string;
  transport: McpServerTransport | undefined;
  enabledTools: string[];
}

export interface SubAgentDefinition {
  name: string;
  description: string;
  instructions: string;
  mcpServers: string[];
  mcpToolSelections: Record<string, McpToolSelection>;
  skillRefs: ResourceRef[];
}

export interface Agent {
  meta: ResourceMeta;
  description: string;
  instructions: string;
  skillRefs: ResourceRef[];
  subAgents: SubAgentDefinition[];
  mcpServers: McpServerDefinition[];
  envSpec: EnvMap;
}

export type SkillState = 'UNSPECIFIED' | 'UPLOADING' | 'READY' | 'FAILED';

export interface Skill {
  meta: ResourceMeta;
  skillMd: string;
  tag: string;
  versionHash: string;
  artifactStorageKey: string;
  state: SkillState;
}

export interface Environment {
  meta: ResourceMeta;
  data: EnvMap;
}
