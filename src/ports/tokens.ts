/** Inversify tokens, one per port. Adapters are bound to these in the composition root only. */
export const TOKENS = {
  Config: Symbol.for('agent-runner.Config'),
  StigmerBackend: Symbol.for('agent-runner.StigmerBackend'),
  SandboxProvider: Symbol.for('agent-runner.SandboxProvider'),
  AgentRuntime: Symbol.for('agent-runner.AgentRuntime'),
  ChatModelFactory: Symbol.for('agent-runner.ChatModelFactory'),
  ConversationStore: Symbol.for('agent-runner.ConversationStore'),
  LiveEventPublisher: Symbol.for('agent-runner.LiveEventPublisher'),
  LiveEventReader: Symbol.for('agent-runner.LiveEventReader'),
  SessionLock: Symbol.for('agent-runner.SessionLock'),
  SkillInstaller: Symbol.for('agent-runner.SkillInstaller'),
  Clock: Symbol.for('agent-runner.Clock'),
  Logger: Symbol.for('agent-runner.Logger'),
  Metrics: Symbol.for('agent-runner.Metrics'),
  ExecuteAgent: Symbol.for('agent-runner.ExecuteAgent'),
} as const;
