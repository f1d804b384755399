import { displayUrl } from '../../../adapters/llm/display-url';
import { LangChainChatModelFactory } from '../../../adapters/llm/langchain-chat-model-factory';
import { ollamaBaseUrl } from '../../../adapters/llm/provider-credentials';
import { resolveScriptPath } from '../../../adapters/llm/scripted/create-scripted-model';
import type { LlmProvider } from '../../../domain/model-selection/model-selection';
import { selectModel } from '../../../domain/model-selection/select-model';
import type { Config } from '../../config/config';
import type { DoctorCheck } from './check';

/** ChatModelFactory.check for the configured provider and model: key present, endpoint answers, model known. */
export function modelCheck(config: Config, timeoutMs: number): DoctorCheck {
  const { llm } = config;
  return {
    name: 'model',
    required: true,
    fix: modelFix(llm.provider, llm.model),
    async run() {
      const selection = selectModel({
        override: '',
        worker: { provider: llm.provider, model: llm.model, maxTokens: llm.maxTokens, temperature: llm.temperature },
      });
      const factory = new LangChainChatModelFactory({ ...llm, checkTimeoutMs: timeoutMs });
      await factory.check(selection);
      const name = `${selection.provider} ${selection.model}`;
      switch (selection.provider) {
        case 'scripted':
          return `${name}: replies come from the recorded script ${resolveScriptPath(selection, llm)}, not from a language model`;
        case 'ollama':
          return `${name} at ${displayUrl(ollamaBaseUrl(llm))}`;
        default:
          return `${name}: endpoint answers and accepted the API key`;
      }
    },
  };
}

function modelFix(provider: LlmProvider, model: string): string {
  const other = 'or choose another provider with STIGMER_LLM_PROVIDER';
  switch (provider) {
    case 'anthropic':
      return `set ANTHROPIC_API_KEY (or STIGMER_LLM_API_KEY) to a valid key, and ANTHROPIC_BASE_URL only for a proxy; ${other}`;
    case 'openai':
      return `set OPENAI_API_KEY (or STIGMER_LLM_API_KEY) to a valid key, and OPENAI_BASE_URL for a compatible endpoint; ${other}`;
    case 'ollama':
      return `start Ollama (ollama serve) at OLLAMA_BASE_URL and pull the model (ollama pull ${model}); ${other}`;
    case 'scripted':
      return 'set STIGMER_LLM_SCRIPT to a readable script file, e.g. examples/scripts/example-agent.yaml';
  }
}
