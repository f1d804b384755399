import type { Config } from '../config/config';

export interface ModelChoice {
  env: Record<string, string>;
  /** What to tell the person, e.g. which model was picked and why. */
  announcement: string;
}

/**
 * The out-of-the-box model: the configured provider when one is set, else Ollama when it answers, else the
 * scripted provider (a recorded script, so the first run works offline). Returns env overrides for the worker.
 */
export async function chooseLocalModel(config: Config, examplesDir: string | undefined): Promise<ModelChoice> {
  if (config.llm.providerExplicit) {
    return { env: {}, announcement: `model: ${config.llm.provider} ${config.llm.model} (STIGMER_LLM_PROVIDER)` };
  }
  const ollama = config.llm.ollamaBaseUrl ?? 'http://localhost:11434';
  if (await answers(`${ollama.replace(/\/$/, '')}/api/tags`)) {
    return { env: { STIGMER_LLM_PROVIDER: 'ollama' }, announcement: `model: ollama ${config.llm.model} at ${ollama}` };
  }
  const script = examplesDir ? `${examplesDir}/scripts/example-agent.yaml` : undefined;
  return {
    env: { STIGMER_LLM_PROVIDER: 'scripted', STIGMER_LLM_MODEL: 'example', ...(script ? { STIGMER_LLM_SCRIPT: script } : {}) },
    announcement:
      `model: SCRIPTED (no STIGMER_LLM_PROVIDER set and no Ollama at ${ollama}). The agent's replies come from a recorded ` +
      'script, not from a language model; set STIGMER_LLM_PROVIDER (and a key) or start Ollama for a real model.',
  };
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(1500) });
    return res.ok;
  } catch {
    return false;
  }
}
