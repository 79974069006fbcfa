import { deciderSpec } from '../../../test/support/decider-spec.js';
import { agentSpec } from '../../../test/registry/agent-spec.fixture.js';
import { agentDefinitionDecider } from './agent-definition.decider.js';
import {
  AgentSlugMismatchError,
  AgentVersionDeprecatedError,
  AgentVersionNotDraftError,
  AgentVersionNotFoundError,
  AgentVersionNotPublishedError,
  DuplicateAgentVersionError,
  InvalidAgentVersionError,
} from './agent-definition.errors.js';
import type { AgentDefinitionEvent } from './agent-definition.events.js';

const now = new Date('2025-11-22T10:00:00.000Z');
const at = now.toISOString();
const spec = agentSpec();
const registered: AgentDefinitionEvent = { type: 'AgentVersionRegistered', data: { spec, registeredAt: at } };
const published: AgentDefinitionEvent = { type: 'AgentVersionPublished', data: { slug: 'qa-manager', version: '1.0.0', publishedAt: at } };
const deprecated: AgentDefinitionEvent = {
  type: 'AgentVersionDeprecated',
  data: { slug: 'qa-manager', version: '1.0.0', deprecatedAt: at, reason: null },
};
const agent = deciderSpec(agentDefinitionDecider);

describe('agent definition decider', () => {
  describe('register', () => {
    it('registers the first version as a draft', () => {
      agent.given([]).when({ type: 'RegisterAgentVersion', spec, now }).then([registered]);
      agent
        .given([])
        .when({ type: 'RegisterAgentVersion', spec, now })
        .thenState((state) =>
          expect(state).toEqual({ kind: 'registered', slug: 'qa-manager', versions: { '1.0.0': { spec, status: 'draft' } } }),
        );
    });

    it('registers further versions beside published ones', () => {
      const next = agentSpec({ version: '1.1.0-rc.1' });
      agent
        .given([registered, published])
        .when({ type: 'RegisterAgentVersion', spec: next, now })
        .then([{ type: 'AgentVersionRegistered', data: { spec: next, registeredAt: at } }]);
    });

    it.each(['1.0', 'v1.0.0', 'latest', '01.0.0', '1.0.0.0', ''])('refuses the invalid semantic version %p', (version) => {
      agent
        .given([])
        .when({ type: 'RegisterAgentVersion', spec: agentSpec({ version }), now })
        .thenThrows(InvalidAgentVersionError);
    });

    it('refuses a version that exists, whatever its status', () => {
      agent
        .given([registered])
        .when({ type: 'RegisterAgentVersion', spec, now })
        .thenThrows(DuplicateAgentVersionError, /already has version 1.0.0/);
      agent
        .given([registered, published, deprecated])
        .when({ type: 'RegisterAgentVersion', spec, now })
        .thenThrows(DuplicateAgentVersionError);
    });

    it('accepts a deleted draft version again', () => {
      const deleted: AgentDefinitionEvent = { type: 'AgentDraftDeleted', data: { slug: 'qa-manager', version: '1.0.0', deletedAt: at } };
      agent.given([registered, deleted]).when({ type: 'RegisterAgentVersion', spec, now }).then([registered]);
    });

    it('refuses another slug on this stream', () => {
      agent
        .given([registered])
        .when({ type: 'RegisterAgentVersion', spec: agentSpec({ slug: 'explorer', version: '2.0.0' }), now })
        .thenThrows(AgentSlugMismatchError);
    });
  });

  describe('publish', () => {
    it('publishes a draft', () => {
      agent.given([registered]).when({ type: 'PublishAgentVersion', slug: 'qa-manager', version: '1.0.0', now }).then([published]);
    });

    it('does nothing for a version already published', () => {
      agent
        .given([registered, published])
        .when({ type: 'PublishAgentVersion', slug: 'qa-manager', version: '1.0.0', now })
        .thenNothingHappened();
    });

    it('refuses to publish a deprecated version', () => {
      agent
        .given([registered, published, deprecated])
        .when({ type: 'PublishAgentVersion', slug: 'qa-manager', version: '1.0.0', now })
        .thenThrows(AgentVersionDeprecatedError);
    });

    it('refuses an unknown version or agent', () => {
      agent
        .given([registered])
        .when({ type: 'PublishAgentVersion', slug: 'qa-manager', version: '9.9.9', now })
        .thenThrows(AgentVersionNotFoundError);
      agent
        .given([])
        .when({ type: 'PublishAgentVersion', slug: 'qa-manager', version: '1.0.0', now })
        .thenThrows(AgentVersionNotFoundError);
    });
  });

  describe('deprecate', () => {
    it('deprecates a published version with a reason', () => {
      agent
        .given([registered, published])
        .when({ type: 'DeprecateAgentVersion', slug: 'qa-manager', version: '1.0.0', reason: 'superseded by 2.0.0', now })
        .then([
          {
            type: 'AgentVersionDeprecated',
            data: { slug: 'qa-manager', version: '1.0.0', deprecatedAt: at, reason: 'superseded by 2.0.0' },
          },
        ]);
    });

    it('does nothing for a version already deprecated', () => {
      agent
        .given([registered, published, deprecated])
        .when({ type: 'DeprecateAgentVersion', slug: 'qa-manager', version: '1.0.0', reason: null, now })
        .thenNothingHappened();
    });

    it('refuses to deprecate a draft', () => {
      agent
        .given([registered])
        .when({ type: 'DeprecateAgentVersion', slug: 'qa-manager', version: '1.0.0', reason: null, now })
        .thenThrows(AgentVersionNotPublishedError);
    });

    it('refuses an unknown version', () => {
      agent
        .given([registered])
        .when({ type: 'DeprecateAgentVersion', slug: 'qa-manager', version: '2.0.0', reason: null, now })
        .thenThrows(AgentVersionNotFoundError);
    });
  });

  describe('delete a draft', () => {
    it('deletes a draft and forgets it', () => {
      agent
        .given([registered])
        .when({ type: 'DeleteAgentDraft', slug: 'qa-manager', version: '1.0.0', now })
        .then([{ type: 'AgentDraftDeleted', data: { slug: 'qa-manager', version: '1.0.0', deletedAt: at } }]);
      agent
        .given([registered])
        .when({ type: 'DeleteAgentDraft', slug: 'qa-manager', version: '1.0.0', now })
        .thenState((state) => expect(state).toEqual({ kind: 'registered', slug: 'qa-manager', versions: {} }));
    });

    it('refuses to delete a published or deprecated version', () => {
      agent
        .given([registered, published])
        .when({ type: 'DeleteAgentDraft', slug: 'qa-manager', version: '1.0.0', now })
        .thenThrows(AgentVersionNotDraftError, /is published/);
      agent
        .given([registered, published, deprecated])
        .when({ type: 'DeleteAgentDraft', slug: 'qa-manager', version: '1.0.0', now })
        .thenThrows(AgentVersionNotDraftError, /is deprecated/);
    });

    it('refuses an unknown version', () => {
      agent
        .given([registered])
        .when({ type: 'DeleteAgentDraft', slug: 'qa-manager', version: '1.0.1', now })
        .thenThrows(AgentVersionNotFoundError);
    });
  });
});
