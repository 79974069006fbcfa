import { DomainError } from '../../../src/platform/decider/decider.js';
import { deciderSpec } from '../../support/decider-spec.js';
import { TicketClosedError, type TicketEvent, ticketDecider } from './ticket.decider.js';

const spec = deciderSpec(ticketDecider);
const now = '2026-11-22T10:00:00.000Z';
const opened: TicketEvent = { type: 'TicketOpened', data: { ticketId: 't1', title: 'Printer on fire', openedAt: now } };
const closed: TicketEvent = { type: 'TicketClosed', data: { ticketId: 't1', closedAt: now } };

describe('ticket decider (example of the given/when/then helper)', () => {
  it('opens a new ticket', () => {
    spec.given([]).when({ type: 'OpenTicket', ticketId: 't1', title: 'Printer on fire', now }).then([opened]);
  });

  it('opening twice is a no-op, so a retried command changes nothing', () => {
    spec.given([opened]).when({ type: 'OpenTicket', ticketId: 't1', title: 'Printer on fire', now }).thenNothingHappened();
  });

  it('counts comments in the evolved state', () => {
    spec
      .given([opened])
      .when({ type: 'CommentTicket', ticketId: 't1', text: 'still burning' })
      .thenState((state) => expect(state).toEqual({ status: 'open', comments: 1 }));
  });

  it('refuses comments on a closed ticket with a typed domain error', () => {
    spec
      .given([opened, closed])
      .when({ type: 'CommentTicket', ticketId: 't1', text: 'hello?' })
      .thenThrows(TicketClosedError, 'the ticket is closed');
  });

  it('refuses to close a ticket that was never opened', () => {
    spec.given([]).when({ type: 'CloseTicket', ticketId: 't1', now }).thenThrows(DomainError, 'no such ticket');
  });
});
