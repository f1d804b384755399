import { InvalidInputError } from '../errors/domain-errors';

const ENV_VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Throws naming the variable and where it came from, so the user knows which resource to fix. */
export function assertEnvVarName(name: string, source: string): void {
  if (!ENV_VAR_NAME.test(name)) {
    const shown = name === '' ? '(empty name)' : JSON.stringify(name);
    throw new InvalidInputError(
      `${source} variable ${shown}`,
      'environment variable names must start with a letter or "_" and contain only letters, digits and "_"',
    );
  }
}
