import { fnv1aHex, todoIds } from '../../../src/domain/status/todo-ids';

describe('todo ids', () => {
  it.each([
    ['', '811c9dc5'],
    ['a', 'e40c292c'],
    ['foobar', 'bf9cf968'],
  ])('FNV-1a of %j is %s', (text, hex) => {
    expect(fnv1aHex(text)).toBe(hex);
  });

  it('hashes UTF-8 bytes', () => {
    expect(fnv1aHex('é')).not.toBe(fnv1aHex('e'));
    expect(fnv1aHex('日本')).toMatch(/^[0-9a-f]{8}$/);
  });

  it('suffixes repeated contents in order', () => {
    expect(todoIds(['a', 'b', 'a', 'a'])).toEqual(['todo-e40c292c', 'todo-e70c2de5', 'todo-e40c292c-2', 'todo-e40c292c-3']);
  });
});
