import { NotFoundError } from '../../platform/decider/decider.js';
import { deciderSpec } from '../../../test/support/decider-spec.js';
import type { IssueApiKey } from './api-key.commands.js';
import { apiKeyDecider } from './api-key.decider.js';
import type { ApiKeyIssued } from './api-key.events.js';
import { AgentKeyNeedsAgentMemberError, AlreadyExistsError } from './organizations.errors.js';

const spec = deciderSpec(apiKeyDecider);
const now = '2025-01-01T10:00:00.000Z';
const issueAdmin: IssueApiKey = {
  type: 'IssueApiKey',
  keyId: 'k1',
  organizationId: 'o1',
  name: 'ci',
  role: 'admin',
  member: null,
  keyHash: 'h',
  keyPrefix: 'ask_abcd',
  now,
};
const issued: ApiKeyIssued = {
  type: 'ApiKeyIssued',
  data: {
    keyId: 'k1',
    organizationId: 'o1',
    name: 'ci',
    role: 'admin',
    memberId: null,
    keyHash: 'h',
    keyPrefix: 'ask_abcd',
    issuedAt: now,
  },
};

describe('API key decider', () => {
  it('issues a key once', () => {
    spec.given([]).when(issueAdmin).then([issued]);
    spec.given([issued]).when(issueAdmin).thenThrows(AlreadyExistsError);
  });

  it('issues an agent key acting as an agent member', () => {
    spec
      .given([])
      .when({ ...issueAdmin, role: 'agent', member: { id: 'm1', kind: 'agent' } })
      .then([{ ...issued, data: { ...issued.data, role: 'agent', memberId: 'm1' } }]);
  });

  it('refuses an agent key without an agent member', () => {
    spec
      .given([])
      .when({ ...issueAdmin, role: 'agent' })
      .thenThrows(AgentKeyNeedsAgentMemberError);
    spec
      .given([])
      .when({ ...issueAdmin, role: 'agent', member: { id: 'm2', kind: 'human' } })
      .thenThrows(AgentKeyNeedsAgentMemberError);
  });

  it('lets an operator key act as a human member', () => {
    spec
      .given([])
      .when({ ...issueAdmin, role: 'operator', member: { id: 'm2', kind: 'human' } })
      .thenState((state) => expect(state).toMatchObject({ status: 'active', role: 'operator', memberId: 'm2' }));
  });

  it('revokes a key once; revoking again changes nothing', () => {
    spec
      .given([issued])
      .when({ type: 'RevokeApiKey', now })
      .then([{ type: 'ApiKeyRevoked', data: { keyId: 'k1', revokedAt: now } }]);
    spec
      .given([issued, { type: 'ApiKeyRevoked', data: { keyId: 'k1', revokedAt: now } }])
      .when({ type: 'RevokeApiKey', now })
      .thenNothingHappened();
  });

  it('cannot revoke a key that does not exist', () => {
    spec.given([]).when({ type: 'RevokeApiKey', now }).thenThrows(NotFoundError);
  });
});
