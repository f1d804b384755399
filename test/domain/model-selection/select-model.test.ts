import { ConfigurationError, InvalidInputError } from '../../../src/domain/errors/domain-errors';
import type { LlmProvider } from '../../../src/domain/model-selection/model-selection';
import { selectModel } from '../../../src/domain/model-selection/select-model';

const cloudWorker = { provider: 'anthropic' as const, model: 'claude-sonnet-4.5', maxTokens: 20000 };
const localWorker = { provider: 'ollama' as const, model: 'qwen2.5-coder:7b', maxTokens: 8192, temperature: 0 };

describe('selectModel', () => {
  it('uses the worker settings when the execution does not override, mapping friendly names', () => {
    expect(selectModel({ override: '', worker: cloudWorker })).toEqual({
      provider: 'anthropic',
      model: 'claude-sonnet-4-5-20250929',
      maxTokens: 20000,
      source: 'environment',
    });
    expect(selectModel({ override: '  ', worker: { ...localWorker, source: 'default' } })).toEqual({
      provider: 'ollama',
      model: 'qwen2.5-coder:7b',
      maxTokens: 8192,
      temperature: 0,
      source: 'default',
    });
  });

  it('lets the execution override the model within the worker provider', () => {
    expect(selectModel({ override: 'claude-opus-4', worker: cloudWorker })).toEqual({
      provider: 'anthropic',
      model: 'claude-opus-4-20250514',
      maxTokens: 20000,
      source: 'execution',
    });
  });

  it('lets the execution switch provider with a provider: prefix', () => {
    expect(selectModel({ override: 'openai:gpt-4o', worker: localWorker })).toMatchObject({ provider: 'openai', model: 'gpt-4o' });
    expect(selectModel({ override: 'Ollama:llama3.2', worker: cloudWorker })).toMatchObject({ provider: 'ollama', model: 'llama3.2:3b' });
    expect(selectModel({ override: 'scripted:demo', worker: cloudWorker })).toMatchObject({ provider: 'scripted', model: 'demo' });
  });

  it('treats an ollama tag as part of the model name, not as a provider', () => {
    expect(selectModel({ override: 'qwen2.5-coder:14b', worker: localWorker })).toMatchObject({ provider: 'ollama', model: 'qwen2.5-coder:14b' });
    expect(selectModel({ override: 'mistral:7b', worker: localWorker })).toMatchObject({ provider: 'ollama', model: 'mistral:7b' });
    expect(selectModel({ override: 'ollama:qwen2.5-coder:7b', worker: cloudWorker })).toMatchObject({ provider: 'ollama', model: 'qwen2.5-coder:7b' });
  });

  it.each([
    ['claude-haiku-4', 'anthropic', 'claude-haiku-4-20250313'],
    ['qwen2.5-coder', 'ollama', 'qwen2.5-coder:7b'],
    ['deepseek-coder', 'ollama', 'deepseek-coder-v2:16b'],
    ['codellama', 'ollama', 'codellama:13b'],
  ])('maps the friendly name %s for %s', (name, provider, id) => {
    expect(selectModel({ override: `${provider}:${name}`, worker: cloudWorker }).model).toBe(id);
  });

  it('does not map another provider’s friendly names', () => {
    expect(selectModel({ override: 'openai:claude-opus-4', worker: cloudWorker }).model).toBe('claude-opus-4');
  });

  it('rejects an unsupported provider prefix, naming the field and the accepted providers', () => {
    const call = () => selectModel({ override: 'google-genai:gemini-1.5-pro', worker: cloudWorker });
    expect(call).toThrow(InvalidInputError);
    expect(call).toThrow(/^invalid executionConfig\.modelName: provider "google-genai" is not supported; use one of openai, anthropic, ollama, scripted/);
  });

  it('rejects a provider prefix without a model, and whitespace inside the name', () => {
    expect(() => selectModel({ override: 'anthropic:', worker: cloudWorker })).toThrow(/executionConfig\.modelName.*no model/);
    expect(() => selectModel({ override: 'gpt 4', worker: cloudWorker })).toThrow(/executionConfig\.modelName.*whitespace/);
  });

  it('reports a broken worker configuration as a configuration error', () => {
    expect(() => selectModel({ override: '', worker: { provider: 'gemini' as LlmProvider, model: 'x' } })).toThrow(ConfigurationError);
    expect(() => selectModel({ override: '', worker: { provider: 'openai', model: '' } })).toThrow(ConfigurationError);
  });
});
