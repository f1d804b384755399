/** `${VAR}` and `{{VAR}}` (spaces allowed inside the braces), the two forms agents use in MCP server settings. */
const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export interface Substitution {
  value: string;
  /** Variables referenced but absent from the environment (names only: values never leave this function). */
  missing: string[];
}

export function substitutePlaceholders(text: string, env: Record<string, string>): Substitution {
  const missing: string[] = [];
  const value = text.replace(PLACEHOLDER, (whole, dollar: string | undefined, braces: string | undefined) => {
    const name = dollar ?? braces ?? '';
    if (Object.prototype.hasOwnProperty.call(env, name)) return env[name];
    missing.push(name);
    return whole;
  });
  return { value, missing };
}
