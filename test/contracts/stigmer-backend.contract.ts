import { createHash } from 'node:crypto';
import { InvalidInputError, NotFoundError } from '../../src/domain/errors/domain-errors';
import type { Agent, AgentInstance, Environment, Session, Skill } from '../../src/domain/model/resources';
import { emptyStatus, type ExecutionStatus, type StatusMessage } from '../../src/domain/status/execution-status';
import type { StigmerBackend } from '../../src/ports/stigmer-backend.port';

/**
 * The StigmerBackend port contract, run against every implementation (the in-memory fake and the gRPC client
 * talking to the embedded server). A factory gets the fixtures, seeds them (plus a PENDING execution with id
 * `fixtures.executionId`) and returns the backend and a way to read back what the server stored.
 */

export interface ContractFixtures {
  session: Session;
  agentInstance: AgentInstance;
  agent: Agent;
  skill: Skill;
  skillArtifact: Uint8Array;
  environment: Environment;
  /** An execution that exists (phase PENDING) when the test starts. */
  executionId: string;
}

export interface ContractSubject {
  backend: StigmerBackend;
  /** The status as the server stored it after its merge rule; undefined when nothing is stored. */
  readStoredStatus(executionId: string): Promise<ExecutionStatus | undefined>;
  dispose(): Promise<void>;
}

export type ContractFactory = (fixtures: ContractFixtures) => Promise<ContractSubject>;

const ARTIFACT = new TextEncoder().encode('PK\u0005\u0006 pretend zip with bytes \u0000\u00ff');
const ARTIFACT_HASH = createHash('sha256').update(ARTIFACT).digest('hex');

/** Fresh fixtures per test (ids unique per call so parallel suites never collide). */
export function contractFixtures(): ContractFixtures {
  const meta = (id: string, slug: string) => ({ id, name: `The ${slug}`, slug, org: 'acme' });
  return {
    session: {
      meta: meta('ses-contract', 'contract-session'),
      agentInstanceId: 'ain-contract',
      subject: 'contract session',
      threadId: '',
      sandboxId: '',
      metadata: { origin: 'contract' },
    },
    agentInstance: {
      meta: meta('ain-contract', 'contract-instance'),
      agentId: 'agt-contract',
      environmentRefs: [{ scope: 2, org: 'acme', kind: 52, slug: 'contract-env', version: '' }],
    },
    agent: {
      meta: meta('agt-contract', 'contract-agent'),
      description: 'agent used by the contract suite',
      instructions: 'You are the contract agent. Be precise.',
      skillRefs: [{ scope: 2, org: 'acme', kind: 43, slug: 'contract-skill', version: '' }],
      subAgents: [
        {
          name: 'researcher',
          description: 'finds facts',
          instructions: 'Research the question and answer briefly.',
          mcpServers: [],
          mcpToolSelections: {},
          skillRefs: [],
        },
      ],
      mcpServers: [],
      envSpec: { BASE: { value: 'base', isSecret: false } },
    },
    skill: {
      meta: meta('skl-contract', 'contract-skill'),
      skillMd: '# Contract skill\nDo the thing.\n',
      tag: 'v2',
      versionHash: ARTIFACT_HASH,
      artifactStorageKey: `skills/${ARTIFACT_HASH}.zip`,
      state: 'READY',
    },
    skillArtifact: ARTIFACT,
    environment: {
      meta: meta('env-contract', 'contract-env'),
      data: { PLAIN: { value: 'visible', isSecret: false }, TOKEN: { value: 'hidden', isSecret: true } },
    },
    executionId: 'aex-contract',
  };
}

function message(content: string, type: StatusMessage['type'] = 'AI'): StatusMessage {
  return { type, content, timestamp: '2026-01-22T10:00:00.000Z', toolCalls: [] };
}

function status(phase: ExecutionStatus['phase'], contents: string[], extra: Partial<ExecutionStatus> = {}): ExecutionStatus {
  return { ...emptyStatus(phase), messages: contents.map((c) => message(c)), ...extra };
}

export function describeStigmerBackendContract(name: string, factory: ContractFactory): void {
  describe(`StigmerBackend contract: ${name}`, () => {
    let fixtures: ContractFixtures;
    let subject: ContractSubject;
    let backend: StigmerBackend;

    beforeEach(async () => {
      fixtures = contractFixtures();
      subject = await factory(fixtures);
      backend = subject.backend;
    });

    afterEach(async () => {
      await subject.dispose();
    });

    describe('resolution chain', () => {
      it('returns the session, agent instance and agent as seeded', async () => {
        await expect(backend.getSession(fixtures.session.meta.id)).resolves.toEqual(fixtures.session);
        await expect(backend.getAgentInstance(fixtures.agentInstance.meta.id)).resolves.toEqual(fixtures.agentInstance);
        await expect(backend.getAgent(fixtures.agent.meta.id)).resolves.toEqual(fixtures.agent);
      });

      it.each([
        ['session', (b: StigmerBackend) => b.getSession('ses-missing'), 'ses-missing'],
        ['agent instance', (b: StigmerBackend) => b.getAgentInstance('ain-missing'), 'ain-missing'],
        ['agent', (b: StigmerBackend) => b.getAgent('agt-missing'), 'agt-missing'],
      ])('an unknown %s id is a NotFoundError naming it', async (kind, call, id) => {
        const err = await call(backend).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(NotFoundError);
        expect(err).toMatchObject({ resourceKind: kind, resourceId: id, message: `${kind} ${id} not found` });
      });

      it('an empty id is an InvalidInputError, not a lookup', async () => {
        await expect(backend.getSession('')).rejects.toBeInstanceOf(InvalidInputError);
        await expect(backend.getAgent('')).rejects.toBeInstanceOf(InvalidInputError);
      });
    });

    describe('skills', () => {
      it('resolves a skill by slug with "", "latest", its tag or its version hash', async () => {
        for (const version of ['', 'latest', fixtures.skill.tag, fixtures.skill.versionHash]) {
          await expect(backend.getSkillByReference({ scope: 2, org: '', kind: 43, slug: 'contract-skill', version })).resolves.toEqual(
            fixtures.skill,
          );
        }
      });

      it('an unknown slug or version is a NotFoundError for the skill', async () => {
        const missingSlug = await backend.getSkillByReference({ scope: 2, org: '', kind: 43, slug: 'nope', version: '' }).catch((e) => e);
        expect(missingSlug).toBeInstanceOf(NotFoundError);
        expect(missingSlug.resourceKind).toBe('skill');
        await expect(
          backend.getSkillByReference({ scope: 2, org: '', kind: 43, slug: 'contract-skill', version: 'v999' }),
        ).rejects.toBeInstanceOf(NotFoundError);
        await expect(
          backend.getSkillByReference({ scope: 2, org: 'other-org', kind: 43, slug: 'contract-skill', version: '' }),
        ).rejects.toBeInstanceOf(NotFoundError);
      });

      it('downloads the artifact bytes by storage key', async () => {
        const bytes = await backend.getSkillArtifact(fixtures.skill.artifactStorageKey);
        expect(Buffer.from(bytes).equals(Buffer.from(fixtures.skillArtifact))).toBe(true);
        await expect(backend.getSkillArtifact('skills/missing.zip')).rejects.toBeInstanceOf(NotFoundError);
      });
    });

    describe('environments', () => {
      it.each([52, 53, 0])('resolves an environment reference with kind %i (52 is the upstream validation quirk)', async (kind) => {
        const env = await backend.getEnvironmentByReference({ scope: 2, org: 'acme', kind, slug: 'contract-env', version: '' });
        expect(env).toEqual(fixtures.environment);
      });

      it('another kind is rejected as invalid input mentioning the kind', async () => {
        const err = await backend.getEnvironmentByReference({ scope: 2, org: '', kind: 40, slug: 'contract-env', version: '' }).catch((e) => e);
        expect(err).toBeInstanceOf(InvalidInputError);
        expect(err.message).toMatch(/kind/);
      });

      it('an unknown environment is a NotFoundError', async () => {
        const err = await backend.getEnvironmentByReference({ scope: 2, org: '', kind: 53, slug: 'nope', version: '' }).catch((e) => e);
        expect(err).toBeInstanceOf(NotFoundError);
        expect(err.resourceKind).toBe('environment');
      });
    });

    describe('execution status', () => {
      it('non-empty lists replace the stored ones; empty lists and unset fields leave them alone', async () => {
        const id = fixtures.executionId;
        await backend.updateExecutionStatus(id, status('IN_PROGRESS', ['a'], { startedAt: '2026-01-22T10:00:00Z' }));
        await backend.updateExecutionStatus(id, status('IN_PROGRESS', ['a', 'b']));
        await backend.updateExecutionStatus(id, { ...emptyStatus('UNSPECIFIED'), error: 'boom' });
        const stored = await subject.readStoredStatus(id);
        expect(stored?.phase).toBe('IN_PROGRESS');
        expect(stored?.messages.map((m) => m.content)).toEqual(['a', 'b']);
        expect(stored?.startedAt).toBe('2026-01-22T10:00:00Z');
        expect(stored?.error).toBe('boom');
      });

      it('replaces todos and tool calls as whole collections', async () => {
        const id = fixtures.executionId;
        const todo = (tid: string) => ({ id: tid, content: tid, status: 'PENDING' as const, createdAt: '', updatedAt: '' });
        await backend.updateExecutionStatus(id, status('IN_PROGRESS', ['a'], { todos: { t1: todo('t1'), t2: todo('t2') } }));
        await backend.updateExecutionStatus(id, status('IN_PROGRESS', ['a'], { todos: { t3: todo('t3') } }));
        expect(Object.keys((await subject.readStoredStatus(id))?.todos ?? {})).toEqual(['t3']);
      });

      it('never lets a shorter list erase history that was already delivered', async () => {
        const id = fixtures.executionId;
        await backend.updateExecutionStatus(id, status('IN_PROGRESS', ['a', 'b', 'c']));
        await backend.updateExecutionStatus(id, status('IN_PROGRESS', ['a']));
        expect((await subject.readStoredStatus(id))?.messages.map((m) => m.content)).toEqual(['a', 'b', 'c']);
      });

      it('keeps the terminal snapshot: later non-terminal snapshots change nothing', async () => {
        const id = fixtures.executionId;
        await backend.updateExecutionStatus(id, status('IN_PROGRESS', ['a']));
        await backend.updateExecutionStatus(id, status('COMPLETED', ['a', 'done'], { completedAt: '2026-01-22T10:01:00Z' }));
        await backend.updateExecutionStatus(id, status('IN_PROGRESS', ['a', 'done', 'late']));
        const stored = await subject.readStoredStatus(id);
        expect(stored?.phase).toBe('COMPLETED');
        expect(stored?.messages.map((m) => m.content)).toEqual(['a', 'done']);
        expect(stored?.completedAt).toBe('2026-01-22T10:01:00Z');
      });

      it('an unknown execution is a NotFoundError naming it', async () => {
        const err = await backend.updateExecutionStatus('aex-missing', status('IN_PROGRESS', ['x'])).catch((e) => e);
        expect(err).toBeInstanceOf(NotFoundError);
        expect(err.message).toContain('aex-missing');
      });

      it('an empty execution id is invalid input', async () => {
        await expect(backend.updateExecutionStatus('', status('IN_PROGRESS', ['x']))).rejects.toBeInstanceOf(InvalidInputError);
      });
    });

    describe('sandbox binding', () => {
      it('stores the sandbox id on the session and keeps the rest of it', async () => {
        await backend.bindSandboxToSession(fixtures.session.meta.id, 'sbx-123');
        await expect(backend.getSession(fixtures.session.meta.id)).resolves.toEqual({ ...fixtures.session, sandboxId: 'sbx-123' });
      });

      it('an unknown session is a NotFoundError', async () => {
        await expect(backend.bindSandboxToSession('ses-missing', 'sbx-1')).rejects.toBeInstanceOf(NotFoundError);
      });
    });

  });
}
