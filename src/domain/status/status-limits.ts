/** Size caps that keep every status snapshot well inside gRPC (4 MiB) and Temporal (~2 MB) payload limits. */
export interface StatusLimits {
  /** Tool results, tool errors and sub-agent outputs. */
  maxToolResultChars: number;
  /** Each string value inside tool arguments (file contents written by write_file, for instance). */
  maxArgStringChars: number;
  /** One AI message (one model turn). */
  maxAiMessageChars: number;
  /** The whole snapshot as JSON; older entries are shrunk further when it is over. */
  maxSnapshotBytes: number;
}

export const DEFAULT_STATUS_LIMITS: Readonly<StatusLimits> = Object.freeze({
  maxToolResultChars: 20_000,
  maxArgStringChars: 4_000,
  maxAiMessageChars: 50_000,
  maxSnapshotBytes: 900_000,
});

export function statusLimits(overrides: Partial<StatusLimits> = {}): StatusLimits {
  const limits = { ...DEFAULT_STATUS_LIMITS };
  for (const [key, value] of Object.entries(overrides) as [keyof StatusLimits, number | undefined][]) {
    if (value !== undefined) limits[key] = value;
  }
  return limits;
}
