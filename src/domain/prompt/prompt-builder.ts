/** The original runner's system prompt when the agent has no instructions. */
export const DEFAULT_INSTRUCTIONS = 'You are a helpful AI assistant.';

/** Instructions (or the default) followed by the skills section; the runtime adds the capabilities section. */
export function buildBasePrompt(instructions: string, skillsSection: string): string {
  return (instructions.trim() ? instructions : DEFAULT_INSTRUCTIONS) + skillsSection;
}

/** The user turn as the original runner sent it (contract §6 step 7); an empty org still yields the line. */
export function buildUserMessage(message: string, org: string): string {
  return `${message}\n\n---\nContext:\n- Organization: ${org}`;
}
