import type { EnvMap } from '../model/resources';
import { assertEnvVarName } from './env-var-name';

/** One environment in the merge, labelled for error messages (e.g. "environment prod-db"). */
export interface EnvLayer {
  source: string;
  values: EnvMap;
}

export interface MergeEnvironmentInput {
  /** Agent `env_spec.data`: the lowest priority. */
  agentEnv: EnvMap;
  /** The agent instance's environments, in reference order. */
  environments: readonly EnvLayer[];
  /** The execution's `runtime_env`: the highest priority. */
  runtimeEnv: EnvMap;
}

export interface MergedEnvironment {
  values: Record<string, string>;
  /** Keys whose winning value is secret. */
  secretKeys: Set<string>;
  /** The distinct winning secret values, for building a Redactor. */
  secretValues: string[];
}

export const AGENT_ENV_SOURCE = 'agent env_spec';
export const RUNTIME_ENV_SOURCE = 'runtime_env';

/**
 * Merges agent env_spec → environments (in order) → runtime_env; later layers win, and a key is secret when the
 * winning value is. Always applied, whether or not the instance references environments.
 */
export function mergeEnvironment(input: MergeEnvironmentInput): MergedEnvironment {
  const layers: EnvLayer[] = [
    { source: AGENT_ENV_SOURCE, values: input.agentEnv },
    ...input.environments,
    { source: RUNTIME_ENV_SOURCE, values: input.runtimeEnv },
  ];
  // A Map, not an object, so a variable called "__proto__" is just a variable.
  const winners = new Map<string, { value: string; isSecret: boolean }>();
  for (const layer of layers) {
    for (const [name, envValue] of Object.entries(layer.values ?? {})) {
      assertEnvVarName(name, layer.source);
      winners.set(name, { value: envValue.value, isSecret: envValue.isSecret });
    }
  }
  const secretKeys = new Set<string>();
  const secretValues = new Set<string>();
  for (const [name, winner] of winners) {
    if (!winner.isSecret) continue;
    secretKeys.add(name);
    secretValues.add(winner.value);
  }
  const values = Object.fromEntries([...winners].map(([name, winner]) => [name, winner.value]));
  return { values, secretKeys, secretValues: [...secretValues] };
}
