import { buildBasePrompt, buildUserMessage } from '../../../src/domain/prompt/prompt-builder';

describe('buildBasePrompt', () => {
  it('uses the agent instructions followed by the skills section', () => {
    expect(buildBasePrompt('You review code.', '\n\n## Available Skills\n...')).toBe('You review code.\n\n## Available Skills\n...');
  });

  it('falls back to the original default when instructions are empty or blank', () => {
    expect(buildBasePrompt('', '')).toBe('You are a helpful AI assistant.');
    expect(buildBasePrompt('  \n', 'S')).toBe('You are a helpful AI assistant.S');
  });
});

describe('buildUserMessage', () => {
  it('appends the organization context exactly as the original runner', () => {
    expect(buildUserMessage('Fix the build', 'acme')).toBe('Fix the build\n\n---\nContext:\n- Organization: acme');
    expect(buildUserMessage('hi', '')).toBe('hi\n\n---\nContext:\n- Organization: ');
  });
});
