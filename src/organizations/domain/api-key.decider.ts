import { AggregateNotFoundError, type Decider } from '../../platform/decider/decider.js';
import type { ApiKeyCommand } from './api-key.commands.js';
import type { ApiKeyEvent, ApiKeyRole } from './api-key.events.js';
import { AgentKeyNeedsAgentMemberError, AlreadyExistsError } from './organizations.errors.js';

export type ApiKeyState =
  { status: 'none' } | { status: 'active' | 'revoked'; id: string; organizationId: string; role: ApiKeyRole; memberId: string | null };

export const apiKeyDecider: Decider<ApiKeyState, ApiKeyCommand, ApiKeyEvent> = {
  initialState: () => ({ status: 'none' }),

  evolve(state, event) {
    switch (event.type) {
      case 'ApiKeyIssued': {
        const { keyId, organizationId, role, memberId } = event.data;
        return { status: 'active', id: keyId, organizationId, role, memberId };
      }
      case 'ApiKeyRevoked':
        return state.status === 'none' ? state : { ...state, status: 'revoked' };
    }
  },

  decide(command, state) {
    switch (command.type) {
      case 'IssueApiKey': {
        if (state.status !== 'none') throw new AlreadyExistsError('API key', state.id);
        if (command.role === 'agent' && command.member?.kind !== 'agent') throw new AgentKeyNeedsAgentMemberError();
        const { keyId, organizationId, name, role, keyHash, keyPrefix, now } = command;
        return [
          {
            type: 'ApiKeyIssued',
            data: { keyId, organizationId, name, role, memberId: command.member?.id ?? null, keyHash, keyPrefix, issuedAt: now },
          },
        ];
      }
      case 'RevokeApiKey':
        if (state.status === 'none') throw new AggregateNotFoundError('API key');
        if (state.status === 'revoked') return [];
        return [{ type: 'ApiKeyRevoked', data: { keyId: state.id, revokedAt: command.now } }];
    }
  },
};
