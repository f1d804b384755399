import { parseScript } from '../../src/adapters/llm/scripted/load-script';
import { playTurn, ScriptExhaustedError, ScriptPlayer } from '../../src/adapters/llm/scripted/script-player';
import { tokenize } from '../../src/adapters/llm/scripted/tokenize';
import { ConfigurationError } from '../../src/domain/errors/domain-errors';

const said = (lastMessageText = '') => ({ lastMessageText });

describe('ScriptPlayer', () => {
  it('serves turns in order, then reports the script as exhausted', () => {
    const player = new ScriptPlayer(parseScript({ name: 's', turns: [{ text: 'one' }, { toolCalls: [{ name: 'ls', args: { path: '.' } }] }] }));
    expect(player.next(said())).toMatchObject({ kind: 'turn', index: 0, text: 'one', toolCalls: [] });
    expect(player.next(said())).toMatchObject({ kind: 'turn', index: 1, text: '', toolCalls: [{ name: 'ls', args: { path: '.' }, id: 'call_2_0' }] });
    expect(() => player.next(said())).toThrow(ScriptExhaustedError);
    expect(() => player.next(said())).toThrow('script "s" has no turn left for this call (2 turns played)');
  });

  it('serves a turn\'s faults first, one per call', () => {
    const player = new ScriptPlayer(parseScript({ name: 's', turns: [{ text: 'ok', faults: [{ status: 429, retryAfterSeconds: 1 }, { status: 500 }] }] }));
    expect(player.next(said())).toMatchObject({ kind: 'fault', fault: { status: 429, retryAfterSeconds: 1 } });
    expect(player.next(said())).toMatchObject({ kind: 'fault', fault: { status: 500 } });
    expect(player.next(said())).toMatchObject({ kind: 'turn', text: 'ok' });
    expect(player.calls).toBe(3);
  });

  it('keeps a conditional turn until its condition holds, and repeats a repeat turn with fresh ids', () => {
    const player = new ScriptPlayer(
      parseScript({
        name: 's',
        turns: [
          { when: { lastMessageIncludes: 'STOP' }, text: 'final' },
          { repeat: true, toolCalls: [{ name: 'ls', id: 'fixed' }] },
        ],
      }),
    );
    const first = player.next(said('go'));
    const second = player.next(said('go'));
    expect([first, second].map((s) => s.kind === 'turn' && s.toolCalls[0].id)).toEqual(['call_1_0', 'call_2_0']);
    expect(player.next(said('please STOP now'))).toMatchObject({ text: 'final' });
    expect(player.next(said('STOP'))).toMatchObject({ index: 1 });
  });

  it('keeps fixed tool-call ids on ordinary turns', () => {
    const script = parseScript({ name: 's', turns: [{ toolCalls: [{ name: 'ls', id: 'call_fixed' }] }] });
    expect(playTurn(script, 0, 'x').toolCalls[0].id).toBe('call_fixed');
  });

  it('uses the turn latency over the script default', () => {
    const script = parseScript({ name: 's', latencyMs: 5, tokenDelayMs: 1, turns: [{ text: 'a' }, { text: 'b', latencyMs: 50, tokenDelayMs: 0 }] });
    expect(playTurn(script, 0, 'x')).toMatchObject({ latencyMs: 5, tokenDelayMs: 1 });
    expect(playTurn(script, 1, 'x')).toMatchObject({ latencyMs: 50, tokenDelayMs: 0 });
  });
});

describe('parseScript', () => {
  it('names every invalid field', () => {
    const parse = () => parseScript({ name: '', turns: [{}, { toolCalls: [{ name: '' }] }, { text: 'x', faults: [{ status: 200 }] }] }, 'demo.yaml');
    expect(parse).toThrow(ConfigurationError);
    expect(parse).toThrow(/invalid model script demo\.yaml:\n {2}name: .*\n {2}turns\.0: a turn needs text or toolCalls\n {2}turns\.1\.toolCalls\.0\.name: .*\n {2}turns\.2\.faults\.0\.status: /);
  });
});

describe('tokenize', () => {
  it('splits into word tokens that join back exactly', () => {
    const text = '  Hello,  world!\nNext line ';
    expect(tokenize(text).join('')).toBe(text);
    expect(tokenize(text).length).toBe(4);
    expect(tokenize('')).toEqual([]);
  });
});
