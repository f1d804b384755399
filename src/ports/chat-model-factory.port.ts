import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { ModelSelection } from '../domain/model-selection/model-selection';

/** Builds the LangChain chat model for a selection; throws ConfigurationError for a missing key or bad URL. */
export interface ChatModelFactory {
  create(selection: ModelSelection): BaseChatModel;
  /** Cheap reachability check used by `doctor` and startup. */
  check(selection: ModelSelection): Promise<void>;
}
