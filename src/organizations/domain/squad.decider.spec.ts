import { DomainError, NotFoundError } from '../../platform/decider/decider.js';
import { deciderSpec } from '../../../test/support/decider-spec.js';
import type { AddSquadMember } from './squad.commands.js';
import { squadDecider } from './squad.decider.js';
import type { SquadCreated, SquadMemberAdded } from './squad.events.js';
import { AgentSlugOnHumanError, AlreadyExistsError, MemberAlreadyInSquadError, NothingToChangeError } from './organizations.errors.js';

const spec = deciderSpec(squadDecider);
const now = '2025-01-01T10:00:00.000Z';
const created: SquadCreated = {
  type: 'SquadCreated',
  data: { squadId: 's1', organizationId: 'o1', name: 'Core', description: '', createdAt: now },
};
const addLead: AddSquadMember = {
  type: 'AddSquadMember',
  memberId: 'm1',
  kind: 'agent',
  role: 'tech_lead',
  displayName: 'Lead',
  agentSlug: 'tech-lead',
  now,
};
const leadAdded: SquadMemberAdded = {
  type: 'SquadMemberAdded',
  data: { squadId: 's1', memberId: 'm1', kind: 'agent', role: 'tech_lead', displayName: 'Lead', agentSlug: 'tech-lead', addedAt: now },
};

describe('squad decider', () => {
  it('creates a squad once', () => {
    spec.given([]).when({ type: 'CreateSquad', squadId: 's1', organizationId: 'o1', name: 'Core', description: '', now }).then([created]);
    spec
      .given([created])
      .when({ type: 'CreateSquad', squadId: 's1', organizationId: 'o1', name: 'Core', description: '', now })
      .thenThrows(AlreadyExistsError);
  });

  it('renames a squad, and does nothing when the name is the same', () => {
    spec
      .given([created])
      .when({ type: 'UpdateSquad', name: 'Platform', now })
      .then([{ type: 'SquadUpdated', data: { squadId: 's1', name: 'Platform', updatedAt: now } }]);
    spec.given([created]).when({ type: 'UpdateSquad', name: 'Core', now }).thenNothingHappened();
    spec.given([created]).when({ type: 'UpdateSquad', now }).thenThrows(NothingToChangeError);
  });

  it('adds an agent member running a registry agent', () => {
    spec.given([created]).when(addLead).then([leadAdded]);
  });

  it('adds a human member without an agent', () => {
    spec
      .given([created])
      .when({ ...addLead, memberId: 'm2', kind: 'human', role: 'backend_developer', agentSlug: null })
      .thenState((state) => expect(state.status === 'active' && state.members.m2).toEqual({ kind: 'human', role: 'backend_developer' }));
  });

  it('refuses a human member with an agent slug', () => {
    spec
      .given([created])
      .when({ ...addLead, kind: 'human' })
      .thenThrows(AgentSlugOnHumanError);
  });

  it('refuses a role that is not a slug', () => {
    spec
      .given([created])
      .when({ ...addLead, role: 'Tech Lead' })
      .thenThrows(DomainError, /not a slug/);
  });

  it('refuses the same member twice', () => {
    spec.given([created, leadAdded]).when(addLead).thenThrows(MemberAlreadyInSquadError);
  });

  it('removes a member, and refuses one that is not there', () => {
    spec
      .given([created, leadAdded])
      .when({ type: 'RemoveSquadMember', memberId: 'm1', now })
      .then([{ type: 'SquadMemberRemoved', data: { squadId: 's1', memberId: 'm1', removedAt: now } }]);
    spec.given([created]).when({ type: 'RemoveSquadMember', memberId: 'm1', now }).thenThrows(NotFoundError);
  });

  it('knows no squad before it is created', () => {
    spec.given([]).when(addLead).thenThrows(NotFoundError);
    spec.given([]).when({ type: 'UpdateSquad', name: 'x', now }).thenThrows(NotFoundError);
  });
});
