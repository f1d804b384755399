import { ConfigurationError, InvalidInputError } from '../errors/domain-errors';
import { resolveFriendlyModelName } from './friendly-model-names';
import { LLM_PROVIDERS, type LlmProvider, type ModelSelection } from './model-selection';
import { MODEL_NAME_FIELD, parseModelName } from './model-name-prefix';

export interface WorkerModelSettings {
  provider: LlmProvider;
  model: string;
  maxTokens?: number;
  temperature?: number;
  /** Whether the worker's settings were set explicitly or are the mode defaults; 'environment' when unknown. */
  source?: 'environment' | 'default';
}

export interface SelectModelInput {
  /** ExecutionConfig.model_name; empty when the execution does not override the model. */
  override: string;
  worker: WorkerModelSettings;
}

const MAX_MODEL_NAME_CHARS = 200;

/**
 * The model cascade: the execution's override (optionally `provider:model`) wins over the worker's settings;
 * friendly names are mapped to real ids; the worker's maxTokens and temperature always apply.
 */
export function selectModel(input: SelectModelInput): ModelSelection {
  const { worker } = input;
  if (!(LLM_PROVIDERS as readonly string[]).includes(worker.provider)) {
    throw new ConfigurationError(`worker LLM provider "${worker.provider}" is not one of ${LLM_PROVIDERS.join(', ')}`);
  }
  const override = input.override.trim();
  const chosen = override ? fromOverride(override, worker.provider) : { provider: worker.provider, model: worker.model.trim() };
  if (!chosen.model) throw new ConfigurationError('worker LLM model is empty');
  const selection: ModelSelection = {
    provider: chosen.provider,
    model: resolveFriendlyModelName(chosen.provider, chosen.model),
    source: override ? 'execution' : (worker.source ?? 'environment'),
  };
  if (worker.maxTokens !== undefined) selection.maxTokens = worker.maxTokens;
  if (worker.temperature !== undefined) selection.temperature = worker.temperature;
  return selection;
}

function fromOverride(override: string, workerProvider: LlmProvider): { provider: LlmProvider; model: string } {
  if (override.length > MAX_MODEL_NAME_CHARS) {
    throw new InvalidInputError(MODEL_NAME_FIELD, `longer than ${MAX_MODEL_NAME_CHARS} characters`);
  }
  if (/\s/.test(override)) throw new InvalidInputError(MODEL_NAME_FIELD, `"${override}" contains whitespace`);
  const parsed = parseModelName(override);
  return { provider: parsed.provider ?? workerProvider, model: parsed.model };
}
