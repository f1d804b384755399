import { InvalidInputError } from '../../../domain/errors/domain-errors';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The environment a sandbox command gets: a minimal base plus the per-command variables, never the worker's own
 * process.env. Names must be valid shell identifiers and values free of NUL, otherwise the variable is named in an
 * InvalidInputError (values are never echoed: they may be secrets).
 */
export function commandEnv(base: Record<string, string>, perCommand: Record<string, string> | undefined): Record<string, string> {
  const env: Record<string, string> = { ...base };
  for (const [name, value] of Object.entries(perCommand ?? {})) {
    if (!NAME.test(name)) throw new InvalidInputError(`env.${name}`, 'is not a valid variable name (letters, digits, _; not starting with a digit)');
    if (typeof value !== 'string' || value.includes('\0')) throw new InvalidInputError(`env.${name}`, 'value must be a string without NUL bytes');
    env[name] = value;
  }
  return env;
}

export const STANDARD_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
