import { AggregateNotFoundError, DomainError, type Decider, NotFoundError } from '../../platform/decider/decider.js';
import type { SquadCommand } from './squad.commands.js';
import { type MemberKind, ROLE_SLUG, type SquadEvent } from './squad.events.js';
import { AgentSlugOnHumanError, AlreadyExistsError, MemberAlreadyInSquadError, NothingToChangeError } from './organizations.errors.js';

export interface SquadMemberState {
  kind: MemberKind;
  role: string;
}

export type SquadState =
  | { status: 'none' }
  | {
      status: 'active';
      id: string;
      organizationId: string;
      name: string;
      description: string;
      members: Readonly<Record<string, SquadMemberState>>;
    };

export const squadDecider: Decider<SquadState, SquadCommand, SquadEvent> = {
  initialState: () => ({ status: 'none' }),

  evolve(state, event) {
    if (event.type === 'SquadCreated') {
      const { squadId, organizationId, name, description } = event.data;
      return { status: 'active', id: squadId, organizationId, name, description, members: {} };
    }
    if (state.status !== 'active') return state;
    switch (event.type) {
      case 'SquadUpdated':
        return { ...state, name: event.data.name ?? state.name, description: event.data.description ?? state.description };
      case 'SquadMemberAdded':
        return { ...state, members: { ...state.members, [event.data.memberId]: { kind: event.data.kind, role: event.data.role } } };
      case 'SquadMemberRemoved': {
        const members = { ...state.members };
        delete members[event.data.memberId];
        return { ...state, members };
      }
    }
  },

  decide(command, state) {
    if (command.type === 'CreateSquad') {
      if (state.status !== 'none') throw new AlreadyExistsError('squad', state.id);
      const { squadId, organizationId, name, description, now } = command;
      return [{ type: 'SquadCreated', data: { squadId, organizationId, name, description, createdAt: now } }];
    }
    if (state.status !== 'active') throw new AggregateNotFoundError('squad');
    switch (command.type) {
      case 'UpdateSquad': {
        if (command.name === undefined && command.description === undefined) throw new NothingToChangeError();
        const name = command.name !== undefined && command.name !== state.name ? command.name : undefined;
        const description =
          command.description !== undefined && command.description !== state.description ? command.description : undefined;
        if (name === undefined && description === undefined) return [];
        return [
          {
            type: 'SquadUpdated',
            data: {
              squadId: state.id,
              ...(name !== undefined ? { name } : {}),
              ...(description !== undefined ? { description } : {}),
              updatedAt: command.now,
            },
          },
        ];
      }
      case 'AddSquadMember': {
        if (state.members[command.memberId]) throw new MemberAlreadyInSquadError(command.memberId);
        if (!ROLE_SLUG.test(command.role)) throw new DomainError('invalid_role', `role "${command.role}" is not a slug`);
        if (command.kind === 'human' && command.agentSlug !== null) throw new AgentSlugOnHumanError();
        const { memberId, kind, role, displayName, agentSlug, now } = command;
        return [{ type: 'SquadMemberAdded', data: { squadId: state.id, memberId, kind, role, displayName, agentSlug, addedAt: now } }];
      }
      case 'RemoveSquadMember':
        if (!state.members[command.memberId]) throw new NotFoundError('member', command.memberId);
        return [{ type: 'SquadMemberRemoved', data: { squadId: state.id, memberId: command.memberId, removedAt: command.now } }];
    }
  },
};
