import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import type { Agent, AgentInstance, Environment, Session, Skill } from '../../src/domain/model/resources';
import { AgentSchema } from '../../src/adapters/proto/gen/ai/stigmer/agentic/agent/v1/api_pb';
import { AgentInstanceSchema } from '../../src/adapters/proto/gen/ai/stigmer/agentic/agentinstance/v1/api_pb';
import { EnvironmentSchema } from '../../src/adapters/proto/gen/ai/stigmer/agentic/environment/v1/api_pb';
import { SessionSchema } from '../../src/adapters/proto/gen/ai/stigmer/agentic/session/v1/api_pb';
import { SkillSchema } from '../../src/adapters/proto/gen/ai/stigmer/agentic/skill/v1/api_pb';
import { SkillState } from '../../src/adapters/proto/gen/ai/stigmer/agentic/skill/v1/status_pb';
import { ApiResourceOwnerScope } from '../../src/adapters/proto/gen/ai/stigmer/commons/apiresource/enum_pb';
import {
  agentFromProto,
  agentInstanceFromProto,
  agentInstanceToProto,
  agentToProto,
  environmentFromProto,
  environmentToProto,
  sessionFromProto,
  sessionToProto,
  skillFromProto,
  skillToProto,
} from '../../src/adapters/proto/mapping/resources.mapping';

const meta = (id: string, slug: string) => ({ id, name: `Name of ${slug}`, slug, org: 'acme' });

const session: Session = {
  meta: meta('ses-01jabc', 'chat'),
  agentInstanceId: 'ain-01jabc',
  subject: 'a subject',
  threadId: 'thread-1',
  sandboxId: 'sbx-9',
  metadata: { channel: 'cli' },
};

const instance: AgentInstance = {
  meta: meta('ain-01jabc', 'helper-default'),
  agentId: 'agt-01jabc',
  environmentRefs: [
    { scope: 2, org: 'acme', kind: 52, slug: 'dev-env', version: '' },
    { scope: 0, org: '', kind: 53, slug: 'extra', version: 'latest' },
  ],
};

const agent: Agent = {
  meta: meta('agt-01jabc', 'helper'),
  description: 'helps',
  instructions: 'You are a careful helper.',
  skillRefs: [{ scope: 2, org: 'acme', kind: 43, slug: 'word-count', version: 'v1' }],
  subAgents: [
    {
      name: 'researcher',
      description: 'looks things up',
      instructions: 'Research the question thoroughly.',
      mcpServers: ['github'],
      mcpToolSelections: { github: { enabledTools: ['search', 'read'] } },
      skillRefs: [{ scope: 2, org: '', kind: 43, slug: 'notes', version: '' }],
    },
  ],
  mcpServers: [
    { name: 'github', transport: { type: 'http', url: 'https://mcp.example/gh', headers: { A: 'b' }, queryParams: { q: '1' }, timeoutSeconds: 30 }, enabledTools: ['search'] },
    { name: 'fs', transport: { type: 'stdio', command: 'npx', args: ['fs-mcp'], envPlaceholders: { ROOT: '{{ROOT}}' }, workingDir: '/w' }, enabledTools: [] },
    { name: 'dock', transport: { type: 'docker', image: 'mcp/x:1', args: ['--x'], envPlaceholders: { T: '{{T}}' } }, enabledTools: ['a'] },
    { name: 'unset', transport: undefined, enabledTools: [] },
  ],
  envSpec: { LOG_LEVEL: { value: 'debug', isSecret: false }, TOKEN: { value: 's3cret', isSecret: true } },
};

const skill: Skill = {
  meta: meta('skl-01jabc', 'word-count'),
  skillMd: '# Word count\nUse tools/wc.sh',
  tag: 'v1',
  versionHash: 'a'.repeat(64),
  artifactStorageKey: `skills/${'a'.repeat(64)}.zip`,
  state: 'READY',
};

const environment: Environment = {
  meta: meta('env-01jabc', 'dev-env'),
  data: { API_URL: { value: 'https://api.example', isSecret: false }, API_KEY: { value: 'k', isSecret: true } },
};

describe('resource mapping (domain → proto → wire bytes → proto → domain)', () => {
  it('round-trips a Session', () => {
    const bytes = toBinary(SessionSchema, sessionToProto(session));
    expect(sessionFromProto(fromBinary(SessionSchema, bytes))).toEqual(session);
  });

  it('round-trips an AgentInstance and keeps environment ref kinds (52 quirk included) and order', () => {
    const bytes = toBinary(AgentInstanceSchema, agentInstanceToProto(instance));
    expect(agentInstanceFromProto(fromBinary(AgentInstanceSchema, bytes))).toEqual(instance);
  });

  it('round-trips an Agent with sub-agents, every MCP transport and env_spec', () => {
    const bytes = toBinary(AgentSchema, agentToProto(agent));
    expect(agentFromProto(fromBinary(AgentSchema, bytes))).toEqual(agent);
  });

  it('round-trips a Skill including its state', () => {
    for (const state of ['UNSPECIFIED', 'UPLOADING', 'READY', 'FAILED'] as const) {
      const bytes = toBinary(SkillSchema, skillToProto({ ...skill, state }));
      expect(skillFromProto(fromBinary(SkillSchema, bytes))).toEqual({ ...skill, state });
    }
  });

  it('round-trips an Environment and its secret flags', () => {
    const bytes = toBinary(EnvironmentSchema, environmentToProto(environment));
    expect(environmentFromProto(fromBinary(EnvironmentSchema, bytes))).toEqual(environment);
  });

  it('fills the constants a real server validates', () => {
    const pb = sessionToProto(session);
    expect(pb.apiVersion).toBe('agentic.stigmer.ai/v1');
    expect(pb.kind).toBe('Session');
    expect(pb.metadata?.ownerScope).toBe(ApiResourceOwnerScope.organization);
    expect(skillToProto(skill).status?.state).toBe(SkillState.READY);
  });

  it('maps empty proto messages to empty domain values instead of throwing', () => {
    expect(sessionFromProto(create(SessionSchema))).toEqual({
      meta: { id: '', name: '', slug: '', org: '' },
      agentInstanceId: '',
      subject: '',
      threadId: '',
      sandboxId: '',
      metadata: {},
    });
    const a = agentFromProto(create(AgentSchema));
    expect(a.subAgents).toEqual([]);
    expect(a.envSpec).toEqual({});
  });

  it('drops MCP docker fields the domain does not model without losing the rest', () => {
    const pb = agentToProto(agent);
    const docker = pb.spec!.mcpServers[2];
    expect(docker.serverType.case).toBe('docker');
    expect(agentFromProto(pb).mcpServers[2].transport).toEqual(agent.mcpServers[2].transport);
  });
});
