import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { ConfigurationError } from '../../../domain/errors/domain-errors';
import type { ModelSelection } from '../../../domain/model-selection/model-selection';
import type { LlmClientOptions } from '../llm-client-options';
import { retryTransientFailures } from '../retry-policy';
import { loadScriptFile } from './load-script';
import { ScriptPlayer } from './script-player';
import type { Script } from './script.schema';
import { ScriptedChatModel } from './scripted-chat-model';

/** Shipped scripts: <repo>/examples/scripts (same depth from src/ and from the build output dist/). */
const SHIPPED_SCRIPTS_DIR = resolve(__dirname, '../../../../examples/scripts');

/**
 * The script file for a selection: STIGMER_LLM_SCRIPT when set, else the model name as a path, else a shipped
 * script named after the model (`example` finds examples/scripts/example.yaml or example-agent.yaml).
 */
export function resolveScriptPath(selection: ModelSelection, options: LlmClientOptions): string {
  if (options.scriptPath) return resolve(options.scriptPath);
  const model = selection.model;
  const candidates = [
    ...(/\.(ya?ml|json)$/i.test(model) ? [isAbsolute(model) ? model : resolve(model)] : []),
    ...['.yaml', '-agent.yaml', '.json'].map((suffix) => join(SHIPPED_SCRIPTS_DIR, `${model}${suffix}`)),
  ];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) {
    throw new ConfigurationError(
      `no script for the scripted model "${model}": set STIGMER_LLM_SCRIPT to a script file, or use a model name from ${SHIPPED_SCRIPTS_DIR}`,
    );
  }
  return found;
}

/** Scripts are parsed once per path; every model gets its own player so concurrent runs never share turns. */
export class ScriptedModelSource {
  private readonly scripts = new Map<string, Script>();

  constructor(private readonly options: LlmClientOptions) {}

  script(selection: ModelSelection): Script {
    const path = resolveScriptPath(selection, this.options);
    let script = this.scripts.get(path);
    if (!script) {
      script = loadScriptFile(path);
      this.scripts.set(path, script);
    }
    return script;
  }

  create(selection: ModelSelection): ScriptedChatModel {
    return new ScriptedChatModel(new ScriptPlayer(this.script(selection)), {
      maxRetries: this.options.maxRetries,
      onFailedAttempt: retryTransientFailures,
    });
  }
}
