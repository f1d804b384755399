import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ConfigurationError } from '../../../domain/errors/domain-errors';
import { scriptSchema, type Script } from './script.schema';

/** Validates a script object; errors name the offending field (e.g. `turns.2.toolCalls.0.name`). */
export function parseScript(raw: unknown, origin = 'script'): Script {
  const parsed = scriptSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new ConfigurationError(`invalid model script ${origin}:\n${problems.join('\n')}`);
}

/** Reads a YAML or JSON script file (YAML is a superset of JSON, so one parser serves both). */
export function loadScriptFile(path: string): Script {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message;
    throw new ConfigurationError(`cannot read model script ${path}: ${reason}`);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw new ConfigurationError(`model script ${path} is not valid YAML/JSON: ${(err as Error).message}`);
  }
  return parseScript(raw, path);
}
