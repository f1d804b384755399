/** What the renderer draws on: permanent lines, streamed text, and (interactive only) a redrawn activity area. */
export interface Screen {
  /** Streams text as it arrives; `indent` is applied at the start of each line. */
  text(chunk: string, indent: string): void;
  /** A complete, permanent line (ends any partial text line first). */
  line(content: string, indent?: string): void;
  /** The set of things in progress (running tools); redrawn in place with a spinner where supported. */
  activity(items: readonly ActivityItem[]): void;
  /** Leaves the output tidy: partial lines ended, activity area cleared. */
  end(): void;
}

export interface ActivityItem {
  label: string;
  indent: string;
}
