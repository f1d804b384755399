import { truncateText } from '../../../src/domain/text/truncate';
import { utf8Length } from '../../../src/domain/text/utf8-length';

describe('truncateText', () => {
  it('leaves text within the limit untouched', () => {
    expect(truncateText('hello', 5)).toBe('hello');
  });

  it('cuts and says how much was dropped', () => {
    expect(truncateText('a'.repeat(12_350), 5)).toBe('aaaaa\n…[truncated 12345 characters]');
  });

  it('keeps counting from the original length when truncated again', () => {
    const once = truncateText('x'.repeat(100), 50);
    expect(truncateText(once, 10)).toBe(`${'x'.repeat(10)}\n…[truncated 90 characters]`);
    expect(truncateText(once, 50)).toBe(once);
  });

  it('never splits a surrogate pair', () => {
    expect(truncateText('ab😀cd', 3)).toBe('ab\n…[truncated 4 characters]');
  });

  it('can cut to nothing but the marker', () => {
    expect(truncateText('abc', 0)).toBe('\n…[truncated 3 characters]');
  });
});

describe('utf8Length', () => {
  it.each(['', 'ascii', 'héllo', '✓ check', '😀 emoji', 'lone \ud800 surrogate'])('agrees with Buffer for %j', (text) => {
    expect(utf8Length(text)).toBe(Buffer.byteLength(text, 'utf8'));
  });
});
