/** What the system prompt needs to know about one installed skill. */
export interface PromptSkill {
  name: string;
  /** Directory inside the sandbox. */
  location: string;
  skillMd: string;
}

const HEADER =
  '\n\n## Available Skills\n\n' +
  'The following skills provide specialized capabilities. Each skill includes instructions and executable tools.\n';

/** The skills section appended to the instructions, byte for byte the original runner's format ('' without skills). */
export function skillsPromptSection(skills: readonly PromptSkill[]): string {
  if (skills.length === 0) return '';
  const entries = skills.map((s) => `\n### SKILL: ${s.name}\nLOCATION: ${withTrailingSlash(s.location)}\n\n${s.skillMd}\n`);
  return HEADER + entries.join('');
}

function withTrailingSlash(dir: string): string {
  return dir.endsWith('/') ? dir : `${dir}/`;
}
