import type { Container } from 'inversify';
import { DaytonaSandboxProvider } from '../../src/adapters/sandbox/daytona/daytona-sandbox-provider';
import { DockerSandboxProvider } from '../../src/adapters/sandbox/docker/docker-sandbox-provider';
import { LocalSandboxProvider } from '../../src/adapters/sandbox/local/local-sandbox-provider';
import { InMemoryConversationStore } from '../../src/adapters/memory/in-memory-conversation-store';
import { InMemorySessionLock } from '../../src/adapters/memory/in-memory-session-lock';
import { RedisConversationStore } from '../../src/adapters/redis/redis-conversation-store';
import { RedisSessionLock } from '../../src/adapters/redis/redis-session-lock';
import { ExecuteAgent } from '../../src/application/execute-agent/execute-agent';
import { RecordingLogger } from '../../src/adapters/fakes/recording-logger';
import { loadConfig } from '../../src/composition/config/config';
import { buildContainer, STATE, workerSecrets } from '../../src/composition/container/build-container';
import type { StateAdapters } from '../../src/composition/container/state-adapters';
import { TOKENS } from '../../src/ports/tokens';

const opened: Container[] = [];
function container(env: Record<string, string>): Container {
  const c = buildContainer(loadConfig(env), { logger: new RecordingLogger() }, env);
  opened.push(c);
  return c;
}

afterAll(async () => {
  for (const c of opened) if (c.isBound(STATE)) await c.get<StateAdapters>(STATE).close().catch(() => undefined);
});

describe('composition root', () => {
  it('binds the local sandbox and in-memory state in local mode, and resolves the use case', () => {
    const c = container({ MODE: 'local' });
    expect(c.get(TOKENS.SandboxProvider)).toBeInstanceOf(LocalSandboxProvider);
    expect(c.get(TOKENS.ConversationStore)).toBeInstanceOf(InMemoryConversationStore);
    expect(c.get(TOKENS.SessionLock)).toBeInstanceOf(InMemorySessionLock);
    expect(c.get(TOKENS.LiveEventPublisher)).toBe(c.get(TOKENS.LiveEventReader));
    expect(c.get(TOKENS.ExecuteAgent)).toBeInstanceOf(ExecuteAgent);
    expect(c.get(TOKENS.ExecuteAgent)).toBe(c.get(TOKENS.ExecuteAgent)); // singleton
  });

  it.each([
    [{ SANDBOX_TYPE: 'docker' }, DockerSandboxProvider],
    [{ STIGMER_EXECUTION_MODE: 'sandbox' }, DockerSandboxProvider],
    [{ SANDBOX_TYPE: 'daytona', DAYTONA_API_KEY: 'dtn-key-1234' }, DaytonaSandboxProvider],
  ])('chooses the sandbox adapter from %p', (env, expected) => {
    expect(container({ MODE: 'local', ...env }).get(TOKENS.SandboxProvider)).toBeInstanceOf(expected);
  });

  it('uses Redis for memory, locks and live events in cloud mode (connecting lazily)', () => {
    const c = container({ STIGMER_API_KEY: 'k-1234', REDIS_HOST: '127.0.0.1', REDIS_PORT: '1', DAYTONA_API_KEY: 'dtn-key-1234' });
    expect(c.get(TOKENS.ConversationStore)).toBeInstanceOf(RedisConversationStore);
    expect(c.get(TOKENS.SessionLock)).toBeInstanceOf(RedisSessionLock);
  });

  it('collects the worker secrets whose values every log line masks', () => {
    expect(workerSecrets({ STIGMER_API_KEY: 'a-key', OPENAI_API_KEY: 'sk-1', HOME: '/root', REDIS_PASSWORD: '' })).toEqual(['a-key', 'sk-1']);
  });
});
