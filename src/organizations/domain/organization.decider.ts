import { AggregateNotFoundError, type Decider } from '../../platform/decider/decider.js';
import type { OrganizationCommand } from './organization.commands.js';
import type { OrganizationEvent, Plan } from './organization.events.js';
import { AlreadyExistsError, NothingToChangeError } from './organizations.errors.js';

export type OrganizationState = { status: 'none' } | { status: 'active'; id: string; name: string; plan: Plan };

export const organizationDecider: Decider<OrganizationState, OrganizationCommand, OrganizationEvent> = {
  initialState: () => ({ status: 'none' }),

  evolve(state, event) {
    switch (event.type) {
      case 'OrganizationCreated':
        return { status: 'active', id: event.data.organizationId, name: event.data.name, plan: event.data.plan };
      case 'OrganizationUpdated':
        if (state.status !== 'active') return state;
        return { ...state, name: event.data.name ?? state.name, plan: event.data.plan ?? state.plan };
    }
  },

  decide(command, state) {
    switch (command.type) {
      case 'CreateOrganization': {
        if (state.status !== 'none') throw new AlreadyExistsError('organization', state.id);
        const { organizationId, name, plan, now } = command;
        return [{ type: 'OrganizationCreated', data: { organizationId, name, plan, createdAt: now } }];
      }
      case 'UpdateOrganization': {
        if (state.status !== 'active') throw new AggregateNotFoundError('organization');
        const name = command.name !== undefined && command.name !== state.name ? command.name : undefined;
        const plan = command.plan !== undefined && command.plan !== state.plan ? command.plan : undefined;
        if (command.name === undefined && command.plan === undefined) throw new NothingToChangeError();
        if (name === undefined && plan === undefined) return [];
        return [
          {
            type: 'OrganizationUpdated',
            data: {
              organizationId: state.id,
              ...(name !== undefined ? { name } : {}),
              ...(plan !== undefined ? { plan } : {}),
              updatedAt: command.now,
            },
          },
        ];
      }
    }
  },
};
