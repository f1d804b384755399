import { InvalidInputError } from '../../../src/domain/errors/domain-errors';
import { mergeEnvironment } from '../../../src/domain/env/merge-environment';
import type { EnvMap } from '../../../src/domain/model/resources';

const plain = (value: string) => ({ value, isSecret: false });
const secret = (value: string) => ({ value, isSecret: true });

describe('mergeEnvironment', () => {
  it('merges agent env_spec < environments in reference order < runtime_env', () => {
    const merged = mergeEnvironment({
      agentEnv: { A: plain('agent'), B: plain('agent'), C: plain('agent'), D: plain('agent') },
      environments: [
        { source: 'environment first', values: { B: plain('first'), C: plain('first') } },
        { source: 'environment second', values: { C: plain('second') } },
      ],
      runtimeEnv: { D: plain('runtime'), E: plain('runtime') },
    });
    expect(merged.values).toEqual({ A: 'agent', B: 'first', C: 'second', D: 'runtime', E: 'runtime' });
  });

  it('applies agent env and runtime env even without environments', () => {
    const merged = mergeEnvironment({ agentEnv: { A: plain('1') }, environments: [], runtimeEnv: { B: plain('2') } });
    expect(merged.values).toEqual({ A: '1', B: '2' });
  });

  it('marks a key secret only when its winning value is secret', () => {
    const merged = mergeEnvironment({
      agentEnv: { TOKEN: secret('agent-token'), REGION: plain('eu') },
      environments: [{ source: 'environment prod', values: { REGION: secret('eu-secret-region') } }],
      runtimeEnv: { TOKEN: plain('public-now') },
    });
    expect(merged.secretKeys).toEqual(new Set(['REGION']));
    expect(merged.secretValues).toEqual(['eu-secret-region']);
  });

  it('lists each secret value once', () => {
    const merged = mergeEnvironment({ agentEnv: { A: secret('same'), B: secret('same') }, environments: [], runtimeEnv: {} });
    expect(merged.secretValues).toEqual(['same']);
  });

  it('treats "__proto__" as an ordinary variable', () => {
    const env: EnvMap = JSON.parse('{"__proto__": {"value": "x", "isSecret": false}}');
    const merged = mergeEnvironment({ agentEnv: env, environments: [], runtimeEnv: {} });
    expect(Object.keys(merged.values)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(merged.values)).toBe(Object.prototype);
  });

  it.each([
    ['agent env_spec', { agentEnv: { '1BAD': plain('x') }, environments: [], runtimeEnv: {} }],
    ['environment prod-db', { agentEnv: {}, environments: [{ source: 'environment prod-db', values: { 'MY-VAR': plain('x') } }], runtimeEnv: {} }],
    ['runtime_env', { agentEnv: {}, environments: [], runtimeEnv: { 'A B': plain('x') } }],
  ])('rejects an invalid name and says it came from %s', (source, input) => {
    expect(() => mergeEnvironment(input)).toThrow(InvalidInputError);
    expect(() => mergeEnvironment(input)).toThrow(new RegExp(`^invalid ${source} variable "`));
  });

  it('rejects an empty name', () => {
    expect(() => mergeEnvironment({ agentEnv: {}, environments: [], runtimeEnv: { '': plain('x') } })).toThrow(
      'invalid runtime_env variable (empty name)',
    );
  });

  it('accepts names with underscores and digits after the first character', () => {
    const merged = mergeEnvironment({ agentEnv: { _X1: plain('a'), abc_DEF_9: plain('b') }, environments: [], runtimeEnv: {} });
    expect(merged.values).toEqual({ _X1: 'a', abc_DEF_9: 'b' });
  });
});
