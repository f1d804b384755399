import type { JsonObject } from '../../../domain/model/json';
import type { Script, ScriptFault, ScriptTurn } from './script.schema';

/** What the model was given, as far as a script condition can see it. */
export interface PlayContext {
  lastMessageText: string;
}

export interface PlayedToolCall {
  id: string;
  name: string;
  args: JsonObject;
}

export interface PlayedTurn {
  kind: 'turn';
  /** Index of the turn in the script. */
  index: number;
  text: string;
  toolCalls: PlayedToolCall[];
  latencyMs: number;
  tokenDelayMs: number;
}

export interface PlayedFault {
  kind: 'fault';
  index: number;
  fault: ScriptFault;
}

export type PlayedStep = PlayedTurn | PlayedFault;

/** Thrown when the model is called after the script has nothing left to say. */
export class ScriptExhaustedError extends Error {
  constructor(scriptName: string, played: number) {
    super(`scripted model: script "${scriptName}" has no turn left for this call (${played} turns played)`);
    this.name = 'ScriptExhaustedError';
  }
}

/**
 * Plays a script turn by turn. Turns are served in order; a turn with `when` is skipped until its condition
 * holds, a `repeat` turn is never used up, and a turn's faults are served (one per call) before the turn itself.
 * One player is shared by every model call of a run (main agent and sub-agents), like a real model endpoint.
 */
export class ScriptPlayer {
  private readonly used = new Set<number>();
  private readonly faultsServed = new Map<number, number>();
  private callCount = 0;
  private turnsPlayed = 0;

  constructor(readonly script: Script) {}

  get calls(): number {
    return this.callCount;
  }

  next(context: PlayContext): PlayedStep {
    this.callCount += 1;
    const index = this.script.turns.findIndex((turn, i) => !this.used.has(i) && matches(turn, context));
    if (index < 0) throw new ScriptExhaustedError(this.script.name, this.turnsPlayed);
    const turn = this.script.turns[index];
    const served = this.faultsServed.get(index) ?? 0;
    if (turn.faults && served < turn.faults.length) {
      this.faultsServed.set(index, served + 1);
      return { kind: 'fault', index, fault: turn.faults[served] };
    }
    if (!turn.repeat) this.used.add(index);
    this.turnsPlayed += 1;
    return playTurn(this.script, index, `call_${this.callCount}`);
  }
}

/**
 * The turn at `index` as played, without any player state. `idPrefix` makes generated tool-call ids unique;
 * repeated turns always get generated ids, since every tool call in a conversation needs its own id.
 */
export function playTurn(script: Script, index: number, idPrefix: string): PlayedTurn {
  const turn = script.turns[index];
  return {
    kind: 'turn',
    index,
    text: turn.text ?? '',
    toolCalls: (turn.toolCalls ?? []).map((call, i) => ({
      id: call.id && !turn.repeat ? call.id : `${idPrefix}_${i}`,
      name: call.name,
      args: call.args as JsonObject,
    })),
    latencyMs: turn.latencyMs ?? script.latencyMs,
    tokenDelayMs: turn.tokenDelayMs ?? script.tokenDelayMs,
  };
}

function matches(turn: ScriptTurn, context: PlayContext): boolean {
  return !turn.when || context.lastMessageText.includes(turn.when.lastMessageIncludes);
}
