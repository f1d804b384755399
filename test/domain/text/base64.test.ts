import { base64Encode, toUrlSafe, utf8Bytes, withoutPadding } from '../../../src/domain/text/base64';

describe('base64', () => {
  it.each([
    ['', ''],
    ['f', 'Zg=='],
    ['fo', 'Zm8='],
    ['foo', 'Zm9v'],
    ['foobar', 'Zm9vYmFy'],
    ['héllo ✓', 'aMOpbGxvIOKckw=='],
  ])('encodes %j like RFC 4648 / Buffer', (text, expected) => {
    expect(base64Encode(utf8Bytes(text))).toBe(expected);
    expect(base64Encode(utf8Bytes(text))).toBe(Buffer.from(text, 'utf8').toString('base64'));
  });

  it('matches Buffer on every byte value', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(base64Encode(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    expect(withoutPadding(toUrlSafe(base64Encode(bytes)))).toBe(Buffer.from(bytes).toString('base64url'));
  });
});
