import { EventStore1763780000000 } from './1763780000000-event-store.js';
import { Llm1763781000000 } from './1763781000000-llm.js';
import { Routing1763782000000 } from './1763782000000-routing.js';
import { Organizations1763783000000 } from './1763783000000-organizations.js';
import { Registry1763784000000 } from './1763784000000-registry.js';
import { Conversations1763785000000 } from './1763785000000-conversations.js';
import { RuleStatisticsFromRounds1763786000000 } from './1763786000000-rule-statistics-from-rounds.js';
import { EventStoreHorizon1763790000000 } from './1763790000000-event-store-horizon.js';
import { EventStoreHorizonEndingAppends1763795000000 } from './1763795000000-event-store-horizon-ending-appends.js';
import { Branching1763800000000 } from './1763800000000-branching.js';
import { AttachmentContents1763810000000 } from './1763810000000-attachment-contents.js';
import { LlmServedBecause1763820000000 } from './1763820000000-llm-served-because.js';
import { Budgets1763821000000 } from './1763821000000-budgets.js';
import { BudgetReservations1763830000000 } from './1763830000000-budget-reservations.js';
import { BranchingAttachments1763840000000 } from './1763840000000-branching-attachments.js';
import { Discussions1763860000000 } from './1763860000000-discussions.js';
import { Handoffs1763870000000 } from './1763870000000-handoffs.js';
import { PsaIntegration1763880000000 } from './1763880000000-psa-integration.js';
import { HandoffAssessments1763890000000 } from './1763890000000-handoff-assessments.js';
import { QueuedQuestions1763900000000 } from './1763900000000-queued-questions.js';
import { KnowledgeBase1763910000000 } from './1763910000000-knowledge-base.js';
import { EmailOutbox1763920000000 } from './1763920000000-email-outbox.js';
import { HandoffBriefings1763930000000 } from './1763930000000-handoff-briefings.js';
import { Resolutions1763940000000 } from './1763940000000-resolutions.js';
import { LearningRecords1763950000000 } from './1763950000000-learning-records.js';
import { Pipelines1763960000000 } from './1763960000000-pipelines.js';
import { Retention1763970000000 } from './1763970000000-retention.js';
import { KbArticleRevisions1763980000000 } from './1763980000000-kb-article-revisions.js';
import { EventStoreAppendFunction1763993000000 } from './1763993000000-event-store-append-function.js';
import { KbSearchIndexWithoutPendingList1763994000000 } from './1763994000000-kb-search-index-without-pending-list.js';

/** Every migration, in order. Listed explicitly so the same array works compiled and under jest. */
export const migrations = [
  EventStore1763780000000,
  Llm1763781000000,
  Routing1763782000000,
  Organizations1763783000000,
  Registry1763784000000,
  Conversations1763785000000,
  RuleStatisticsFromRounds1763786000000,
  EventStoreHorizon1763790000000,
  EventStoreHorizonEndingAppends1763795000000,
  Branching1763800000000,
  AttachmentContents1763810000000,
  LlmServedBecause1763820000000,
  Budgets1763821000000,
  BudgetReservations1763830000000,
  BranchingAttachments1763840000000,
  Discussions1763860000000,
  Handoffs1763870000000,
  PsaIntegration1763880000000,
  HandoffAssessments1763890000000,
  QueuedQuestions1763900000000,
  KnowledgeBase1763910000000,
  EmailOutbox1763920000000,
  HandoffBriefings1763930000000,
  Resolutions1763940000000,
  LearningRecords1763950000000,
  Pipelines1763960000000,
  Retention1763970000000,
  KbArticleRevisions1763980000000,
  EventStoreAppendFunction1763993000000,
  KbSearchIndexWithoutPendingList1763994000000,
];
