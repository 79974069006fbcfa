import type { CommandContext } from '../../platform/decider/command-context.js';
import type { ConsensusRuleName, SpeakerSelection, UnansweredQuestionPolicy } from '../domain/discussion.types.js';

export interface DiscussionSettings {
  goal: string;
  /** Registry slugs; null for the five discussion personas. */
  agents: string[] | null;
  squadId: string | null;
  consensus: { rule: ConsensusRuleName; threshold: number | null };
  maxRounds: number;
  speakerSelection: SpeakerSelection;
  userQuestionTimeoutSeconds: number;
  onUnansweredQuestion: UnansweredQuestionPolicy;
  autoStart: boolean;
}

export class OpenDiscussionCommand {
  constructor(
    readonly context: CommandContext,
    readonly discussionId: string,
    readonly settings: DiscussionSettings,
  ) {}
}
