import { skillsPromptSection } from '../../../src/domain/skills/skills-prompt';

describe('skillsPromptSection', () => {
  it('is empty without skills', () => {
    expect(skillsPromptSection([])).toBe('');
  });

  it('renders exactly the original format', () => {
    const section = skillsPromptSection([
      { name: 'PDF Tools', location: '/bin/skills/abc', skillMd: '# PDF\nUse it.' },
      { name: 'Git Helper', location: '/bin/skills/git-helper/', skillMd: 'git stuff' },
    ]);
    expect(section).toBe(
      '\n\n## Available Skills\n\n' +
        'The following skills provide specialized capabilities. Each skill includes instructions and executable tools.\n' +
        '\n### SKILL: PDF Tools\nLOCATION: /bin/skills/abc/\n\n# PDF\nUse it.\n' +
        '\n### SKILL: Git Helper\nLOCATION: /bin/skills/git-helper/\n\ngit stuff\n',
    );
  });
});
