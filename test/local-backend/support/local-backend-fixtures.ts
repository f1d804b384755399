import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create, toJsonString } from '@bufbuild/protobuf';
import { AgentSchema } from '../../../src/adapters/proto/gen/ai/stigmer/agentic/agent/v1/api_pb';
import { AgentExecutionSchema } from '../../../src/adapters/proto/gen/ai/stigmer/agentic/agentexecution/v1/api_pb';
import { AgentInstanceSchema } from '../../../src/adapters/proto/gen/ai/stigmer/agentic/agentinstance/v1/api_pb';
import { EnvironmentSchema } from '../../../src/adapters/proto/gen/ai/stigmer/agentic/environment/v1/api_pb';
import { SessionSchema } from '../../../src/adapters/proto/gen/ai/stigmer/agentic/session/v1/api_pb';
import {
  agentInstanceToProto,
  agentToProto,
  environmentToProto,
  sessionToProto,
} from '../../../src/adapters/proto/mapping/resources.mapping';
import { createExecution } from '../../../src/adapters/local-backend/local-commands';
import type { LocalStore } from '../../../src/adapters/local-backend/local-store';
import type { ContractFixtures } from '../../contracts/stigmer-backend.contract';

/** A fresh temporary data directory; `cleanup` removes it. */
export async function tempDataDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'local-backend-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Writes the contract fixtures in the data-dir layout people use (JSON is valid YAML). */
export async function writeFixtureDataDir(dir: string, f: ContractFixtures): Promise<void> {
  const put = async (folder: string, name: string, text: string | Uint8Array) => {
    await mkdir(join(dir, folder), { recursive: true });
    await writeFile(join(dir, folder, name), text);
  };
  await put('agents', `${f.agent.meta.slug}.yaml`, toJsonString(AgentSchema, agentToProto(f.agent)));
  await put('agent-instances', `${f.agentInstance.meta.slug}.yaml`, toJsonString(AgentInstanceSchema, agentInstanceToProto(f.agentInstance)));
  await put('sessions', `${f.session.meta.slug}.yaml`, toJsonString(SessionSchema, sessionToProto(f.session)));
  await put('environments', `${f.environment.meta.slug}.yaml`, toJsonString(EnvironmentSchema, environmentToProto(f.environment)));
  const skillDir = join('skills', f.skill.meta.slug);
  await put(skillDir, 'skill.yaml', JSON.stringify({ metadata: f.skill.meta, spec: { tag: f.skill.tag } }));
  await put(skillDir, 'SKILL.md', f.skill.skillMd);
  await put(skillDir, 'artifact.zip', f.skillArtifact);
}

/** A PENDING execution in the fixture session, with a chosen id. */
export async function seedExecution(store: LocalStore, executionId: string, sessionId: string): Promise<void> {
  await createExecution(
    store,
    create(AgentExecutionSchema, { metadata: { id: executionId }, spec: { sessionId, message: 'contract run' } }),
  );
}
