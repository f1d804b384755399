import { InternalError } from '../../../src/domain/errors/domain-errors';
import { threadIdFor } from '../../../src/domain/thread/thread-id';

describe('threadIdFor', () => {
  it('uses one thread per session and draws no randomness', () => {
    const random = jest.fn(() => '0badf00d');
    expect(threadIdFor('ses-01abc', 'agt-1', random)).toBe('thread-ses-01abc');
    expect(random).not.toHaveBeenCalled();
  });

  it('makes an ephemeral thread when there is no session', () => {
    expect(threadIdFor('', 'agt-1', () => '0badf00d')).toBe('ephemeral-agt-1-0badf00d');
  });

  it('refuses a random suffix that is not 8 hex digits', () => {
    expect(() => threadIdFor('', 'agt-1', () => 'xyz')).toThrow(InternalError);
  });
});
