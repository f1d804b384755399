import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/composition/config/config';
import { envSchema } from '../../src/composition/config/config.schema';

describe('configuration', () => {
  it('applies the original runner defaults in local mode', () => {
    const c = loadConfig({ MODE: 'local' });
    expect(c.temporal).toMatchObject({ address: 'localhost:7233', namespace: 'default', taskQueue: 'agent_execution_runner', maxConcurrency: 10 });
    expect(c.backend).toMatchObject({ endpoint: 'localhost:50051', apiKey: 'dummy-local-key', tls: false });
    expect(c.llm).toMatchObject({ provider: 'ollama', model: 'qwen2.5-coder:7b', ollamaBaseUrl: 'http://localhost:11434', maxTokens: 8192, temperature: 0 });
    expect(c.sandbox.kind).toBe('local');
    expect(c.sandbox.rootDir).toMatch(/workspace$/);
    expect(c.redis.enabled).toBe(false);
  });

  it('applies the original cloud defaults and requires the API key there', () => {
    expect(() => loadConfig({})).toThrow(/STIGMER_API_KEY: required when MODE=cloud/);
    const c = loadConfig({ STIGMER_API_KEY: 'k-123456' });
    expect(c.backend.endpoint).toBe('localhost:8080');
    expect(c.llm).toMatchObject({ provider: 'anthropic', model: 'claude-sonnet-4.5', maxTokens: 20000 });
    expect(c.sandbox.kind).toBe('daytona');
    expect(c.redis).toMatchObject({ enabled: true, required: true, host: 'localhost', port: 6379 });
  });

  it('turns TLS on for :443 endpoints, as the original did, or when asked', () => {
    expect(loadConfig({ MODE: 'local', STIGMER_BACKEND_ENDPOINT: 'api.stigmer.ai:443' }).backend.tls).toBe(true);
    expect(loadConfig({ MODE: 'local', STIGMER_BACKEND_ENDPOINT: 'stigmer:7234', STIGMER_BACKEND_TLS: 'true' }).backend.tls).toBe(true);
  });

  it('names every invalid variable and what it accepts, without echoing secrets', () => {
    let message = '';
    try {
      loadConfig({ MODE: 'locall', TEMPORAL_MAX_CONCURRENCY: 'ten', STIGMER_LLM_PROVIDER: 'gemini', STIGMER_BACKEND_ENDPOINT: 'http://x:1' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/MODE: .*"local".*"cloud"/);
    expect(message).toContain('(got "locall")');
    expect(message).toMatch(/TEMPORAL_MAX_CONCURRENCY: must be a whole number/);
    expect(message).toMatch(/STIGMER_LLM_PROVIDER: .*"anthropic"/);
    expect(message).toMatch(/STIGMER_BACKEND_ENDPOINT: must be host:port/);
    expect(message).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('documents every variable in the README configuration table', () => {
    const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
    const missing = Object.keys(envSchema.shape).filter((name) => !readme.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });
});
