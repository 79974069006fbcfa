import { NotFoundError } from '../../platform/decider/decider.js';
import { deciderSpec } from '../../../test/support/decider-spec.js';
import type { OrganizationCreated } from './organization.events.js';
import { organizationDecider } from './organization.decider.js';
import { AlreadyExistsError, NothingToChangeError } from './organizations.errors.js';

const spec = deciderSpec(organizationDecider);
const now = '2025-01-01T10:00:00.000Z';
const created: OrganizationCreated = {
  type: 'OrganizationCreated',
  data: { organizationId: 'o1', name: 'Acme', plan: 'free', createdAt: now },
};

describe('organization decider', () => {
  it('creates an organization', () => {
    spec.given([]).when({ type: 'CreateOrganization', organizationId: 'o1', name: 'Acme', plan: 'free', now }).then([created]);
  });

  it('refuses to create it twice', () => {
    spec
      .given([created])
      .when({ type: 'CreateOrganization', organizationId: 'o1', name: 'Acme', plan: 'free', now })
      .thenThrows(AlreadyExistsError);
  });

  it('changes the plan and keeps the name', () => {
    spec
      .given([created])
      .when({ type: 'UpdateOrganization', plan: 'team', now })
      .then([{ type: 'OrganizationUpdated', data: { organizationId: 'o1', plan: 'team', updatedAt: now } }]);
    spec
      .given([created])
      .when({ type: 'UpdateOrganization', plan: 'enterprise', now })
      .thenState((state) => expect(state).toEqual({ status: 'active', id: 'o1', name: 'Acme', plan: 'enterprise' }));
  });

  it('records only what changes, and nothing when nothing does', () => {
    spec
      .given([created])
      .when({ type: 'UpdateOrganization', name: 'Acme', plan: 'pro', now })
      .then([{ type: 'OrganizationUpdated', data: { organizationId: 'o1', plan: 'pro', updatedAt: now } }]);
    spec.given([created]).when({ type: 'UpdateOrganization', name: 'Acme', now }).thenNothingHappened();
  });

  it('refuses an update without any field', () => {
    spec.given([created]).when({ type: 'UpdateOrganization', now }).thenThrows(NothingToChangeError);
  });

  it('cannot update an organization that does not exist', () => {
    spec.given([]).when({ type: 'UpdateOrganization', plan: 'pro', now }).thenThrows(NotFoundError);
  });
});
