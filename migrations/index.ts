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
];
