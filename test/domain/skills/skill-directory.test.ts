import { InvalidInputError } from '../../../src/domain/errors/domain-errors';
import { skillDirectoryName } from '../../../src/domain/skills/skill-directory';

const HASH = 'a'.repeat(32) + '0123456789abcdef'.repeat(2);

function skill(slug: string, versionHash = '', name = 'My Skill') {
  return { meta: { id: 'skl-1', name, slug, org: 'acme' }, versionHash };
}

describe('skillDirectoryName', () => {
  it('uses a 64-hex version hash as is', () => {
    expect(skillDirectoryName(skill('pdf', HASH))).toBe(HASH);
  });

  it('falls back to the slug when the hash is missing or not a lower-case 64-hex hash', () => {
    expect(skillDirectoryName(skill('pdf-tools'))).toBe('pdf-tools');
    expect(skillDirectoryName(skill('pdf-tools', HASH.toUpperCase()))).toBe('pdf-tools');
    expect(skillDirectoryName(skill('pdf-tools', `${HASH}; rm -rf /`))).toBe('pdf-tools');
  });

  it('turns "/" into "_" and any other unsafe character into "_"', () => {
    expect(skillDirectoryName(skill('acme/pdf.tools_v2'))).toBe('acme_pdf.tools_v2');
    expect(skillDirectoryName(skill('a b$(x)'))).toBe('a_b__x_');
    expect(skillDirectoryName(skill('../../etc'))).toBe('.._.._etc');
  });

  it.each(['.', '..', '...'])('rejects the slug %j, naming the skill', (slug) => {
    expect(() => skillDirectoryName(skill(slug))).toThrow(InvalidInputError);
    expect(() => skillDirectoryName(skill(slug))).toThrow(`skill ${slug} metadata.slug`);
  });

  it('rejects an empty slug without a hash, naming the skill by name', () => {
    expect(() => skillDirectoryName(skill(''))).toThrow('invalid skill My Skill metadata.slug');
  });

  it('rejects an absurdly long slug', () => {
    expect(() => skillDirectoryName(skill('x'.repeat(201)))).toThrow(/longer than 200/);
  });
});
