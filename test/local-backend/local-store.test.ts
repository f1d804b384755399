import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { create } from '@bufbuild/protobuf';
import { createExecution, updateSession } from '../../src/adapters/local-backend/local-commands';
import { createLocalRun } from '../../src/adapters/local-backend/local-runs';
import { LocalStore } from '../../src/adapters/local-backend/local-store';
import { findExamplesDir, seedDataDirIfEmpty } from '../../src/adapters/local-backend/seed-data-dir';
import { AgentExecutionSchema, AgentExecutionStatusSchema } from '../../src/adapters/proto/gen/ai/stigmer/agentic/agentexecution/v1/api_pb';
import { ExecutionPhase } from '../../src/adapters/proto/gen/ai/stigmer/agentic/agentexecution/v1/enum_pb';
import { ApiResourceReferenceSchema } from '../../src/adapters/proto/gen/ai/stigmer/commons/apiresource/io_pb';
import { agentFromProto, agentInstanceFromProto, environmentFromProto } from '../../src/adapters/proto/mapping/resources.mapping';
import { InvalidInputError, NotFoundError } from '../../src/domain/errors/domain-errors';
import { tempDataDir } from './support/local-backend-fixtures';

const EXAMPLES = findExamplesDir()!;

describe('local store: data directory', () => {
  let data: Awaited<ReturnType<typeof tempDataDir>>;
  beforeEach(async () => {
    data = await tempDataDir();
  });
  afterEach(async () => {
    await data.cleanup();
  });

  const writeYaml = async (folder: string, name: string, text: string) => {
    await mkdir(join(data.dir, folder), { recursive: true });
    await writeFile(join(data.dir, folder, name), text);
  };
  const openError = () => LocalStore.open(data.dir).then(() => undefined, (err: unknown) => err as Error);

  it('loads the examples: agent with sub-agent researcher, instance with the kind-52 environment ref, secret env value', async () => {
    const store = await LocalStore.open(EXAMPLES);
    const agent = agentFromProto(store.findAgent('example-agent')!);
    expect(agent.subAgents.map((s) => s.name)).toEqual(['researcher']);
    expect(agent.instructions.length).toBeGreaterThanOrEqual(10);
    const instance = agentInstanceFromProto(store.findInstanceForAgent(agent.meta.id)!);
    expect(instance.environmentRefs).toEqual([expect.objectContaining({ slug: 'example-dev', kind: 52 })]);
    const env = environmentFromProto(store.findEnvironment(create(ApiResourceReferenceSchema, { slug: 'example-dev' }))!);
    expect(Object.values(env.data).map((v) => v.isSecret).sort()).toEqual([false, true]);
    expect(store.getSession('ses-example')?.spec?.agentInstanceId).toBe(instance.meta.id);
  });

  it('the example skill has SKILL.md, a sha256 version and a readable artifact zip', async () => {
    const store = await LocalStore.open(EXAMPLES);
    const skill = store.getSkill('skl-word-count')!;
    expect(skill.spec?.skillMd).toMatch(/# Word count/);
    expect(skill.status?.versionHash).toMatch(/^[a-f0-9]{64}$/);
    expect(skill.status?.artifactStorageKey).toBe(`skills/${skill.status?.versionHash}.zip`);
    const zip = await store.readArtifact(skill.status!.artifactStorageKey);
    expect(Buffer.from(zip!).subarray(0, 2).toString()).toBe('PK');
  });

  it('seeds an empty data dir from examples (resource folders only) and never overwrites a used one', async () => {
    expect(await seedDataDirIfEmpty(data.dir, EXAMPLES)).toBe(true);
    expect((await readdir(data.dir)).sort()).toEqual(['agent-instances', 'agents', 'environments', 'sessions', 'skills']);
    await writeFile(join(data.dir, 'agents', 'example-agent.yaml'), 'metadata: { id: agt-x }\nspec: { instructions: "changed by a person" }\n');
    expect(await seedDataDirIfEmpty(data.dir, EXAMPLES)).toBe(false);
    expect(await readFile(join(data.dir, 'agents', 'example-agent.yaml'), 'utf8')).toContain('changed by a person');
  });

  it('fills defaults a person may omit (slug from file name, id, org, constants)', async () => {
    await writeYaml('agents', 'tiny.yaml', 'spec:\n  instructions: Be brief and kind.\n');
    const store = await LocalStore.open(data.dir);
    const agent = store.findAgent('tiny')!;
    expect(agent.metadata).toMatchObject({ id: 'agt-tiny', slug: 'tiny', name: 'tiny', org: 'local' });
    expect(agent.apiVersion).toBe('agentic.stigmer.ai/v1');
    expect(agent.kind).toBe('Agent');
  });

  it.each([
    ['YAML syntax', 'agents', 'bad.yaml', 'spec: [unclosed\n', /agents\/bad\.yaml.*YAML syntax/],
    ['an unknown field', 'agents', 'typo.yaml', 'spec:\n  instructionz: hello there friend\n', /agents\/typo\.yaml.*instructionz/],
    ['instructions under 10 characters', 'agents', 'short.yaml', 'spec:\n  instructions: hi\n', /agent short spec\.instructions.*at least 10/],
    ['the wrong kind for the folder', 'agents', 'wrong.yaml', 'kind: Session\n', /agents\/wrong\.yaml kind.*expected Agent/],
    ['a session pointing at a missing instance', 'sessions', 's.yaml', 'spec:\n  agentInstanceId: ain-ghost\n', /agent instance ain-ghost does not exist/],
  ])('rejects %s with an error naming the file or resource', async (_what, folder, name, text, pattern) => {
    await writeYaml(folder, name, text);
    const err = await openError();
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(err?.message).toMatch(pattern);
  });

  it('rejects a skill folder without SKILL.md', async () => {
    await mkdir(join(data.dir, 'skills', 'empty'), { recursive: true });
    await writeFile(join(data.dir, 'skills', 'empty', 'skill.yaml'), 'spec: { tag: v1 }\n');
    expect((await openError())?.message).toMatch(/skills\/empty\/SKILL\.md.*required/);
  });

  it('rejects duplicate ids', async () => {
    await writeYaml('agents', 'a.yaml', 'metadata: { id: agt-same, slug: a }\nspec: { instructions: "first agent here" }\n');
    await writeYaml('agents', 'b.yaml', 'metadata: { id: agt-same, slug: b }\nspec: { instructions: "second agent here" }\n');
    expect((await openError())?.message).toMatch(/agt-same is declared twice/);
  });
});

describe('local store: durable state', () => {
  let data: Awaited<ReturnType<typeof tempDataDir>>;
  beforeEach(async () => {
    data = await tempDataDir();
    await seedDataDirIfEmpty(data.dir, EXAMPLES);
  });
  afterEach(async () => {
    await data.cleanup();
  });

  it('executions, status, sessions and sandbox ids survive reopening the store', async () => {
    let store = await LocalStore.open(data.dir);
    const run = await createLocalRun(store, { agent: 'example-agent', message: 'write a haiku' });
    await store.updateExecutionStatus(run.executionId, create(AgentExecutionStatusSchema, { phase: ExecutionPhase.EXECUTION_COMPLETED, error: '' }));
    const session = store.getSession(run.sessionId)!;
    session.spec!.sandboxId = 'sbx-kept';
    await updateSession(store, session);

    store = await LocalStore.open(data.dir);
    expect(store.getExecution(run.executionId)?.status?.phase).toBe(ExecutionPhase.EXECUTION_COMPLETED);
    expect(store.getExecution(run.executionId)?.spec?.message).toBe('write a haiku');
    expect(store.getSession(run.sessionId)?.spec?.sandboxId).toBe('sbx-kept');
    expect(existsSync(join(data.dir, 'state', 'executions', `${run.executionId}.json`))).toBe(true);
  });

  it('ignores and removes a temp file left by a crash mid-write, keeping the last complete state', async () => {
    let store = await LocalStore.open(data.dir);
    const run = await createLocalRun(store, { agent: 'example-agent', message: 'hi' });
    const dir = join(data.dir, 'state', 'executions');
    await writeFile(join(dir, `${run.executionId}.json.999.1.tmp`), '{"torn":');
    store = await LocalStore.open(data.dir);
    expect(store.getExecution(run.executionId)?.status?.phase).toBe(ExecutionPhase.EXECUTION_PENDING);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('concurrent status updates of one execution are applied in order', async () => {
    const store = await LocalStore.open(data.dir);
    const run = await createLocalRun(store, { agent: 'example-agent', message: 'hi' });
    await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        store.updateExecutionStatus(run.executionId, create(AgentExecutionStatusSchema, { phase: ExecutionPhase.EXECUTION_IN_PROGRESS, error: `e${n}` })),
      ),
    );
    const reopened = await LocalStore.open(data.dir);
    expect(reopened.getExecution(run.executionId)?.status?.error).toBe('e5');
  });

  it('createLocalRun: by slug reuses the declared instance; a follow-up in the same session keeps the session', async () => {
    const store = await LocalStore.open(data.dir);
    const first = await createLocalRun(store, { agent: 'example-agent', message: 'first', modelName: 'example' });
    expect(store.getSession(first.sessionId)?.spec?.agentInstanceId).toBe('ain-example-agent-dev');
    expect(first.execution.spec?.executionConfig?.modelName).toBe('example');
    expect(first.execution.spec?.agentId).toBe('agt-example-agent');
    const second = await createLocalRun(store, { sessionId: first.sessionId, message: 'second' });
    expect(second.sessionId).toBe(first.sessionId);
    expect(second.executionId).not.toBe(first.executionId);
  });

  it('createLocalRun: an agent YAML file is registered with a default instance', async () => {
    const file = join(data.dir, 'my-agent.yaml');
    await writeFile(file, 'metadata: { slug: mine }\nspec:\n  instructions: You are my own agent.\n');
    const store = await LocalStore.open(data.dir);
    const run = await createLocalRun(store, { agent: file, message: 'hello' });
    const instance = store.getAgentInstance(store.getSession(run.sessionId)!.spec!.agentInstanceId)!;
    expect(instance.spec?.agentId).toBe('agt-mine');
    expect((await LocalStore.open(data.dir)).findAgent('mine')).toBeDefined();
  });

  it('createLocalRun: unknown agent or empty message are clear errors', async () => {
    const store = await LocalStore.open(data.dir);
    const err = await createLocalRun(store, { agent: 'nobody', message: 'hi' }).then(() => undefined, (e: unknown) => e as Error);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err?.message).toMatch(/agent nobody \(known agents: example-agent\) not found/);
    await expect(createLocalRun(store, { agent: 'example-agent', message: '  ' })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(
      createExecution(store, create(AgentExecutionSchema, { spec: { sessionId: 'ses-ghost', message: 'x' } })),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('local store: secrets', () => {
  it('secret runtime_env values are never written to disk or kept in memory; the caller gets them back', async () => {
    const data = await tempDataDir();
    try {
      await seedDataDirIfEmpty(data.dir, EXAMPLES);
      const store = await LocalStore.open(data.dir);
      const run = await createLocalRun(store, {
        agent: 'example-agent',
        message: 'use the token',
        runtimeEnv: { TOKEN: { value: 'sk-live-very-secret', isSecret: true }, MODE: { value: 'fast', isSecret: false } },
      });
      expect(run.execution.spec?.runtimeEnv.TOKEN.value).toBe('sk-live-very-secret');
      const onDisk = await readFile(join(data.dir, 'state', 'executions', `${run.executionId}.json`), 'utf8');
      expect(onDisk).not.toContain('sk-live-very-secret');
      expect(onDisk).toContain('fast');
      expect(store.getExecution(run.executionId)?.spec?.runtimeEnv.TOKEN.value).toBe('[redacted]');
    } finally {
      await data.cleanup();
    }
  });
});
