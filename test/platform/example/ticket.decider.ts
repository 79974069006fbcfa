import { type Decider, DomainError } from '../../../src/platform/decider/decider.js';

/** A small example aggregate that exercises the decider helpers; it exists only in the tests. */
export type TicketEvent =
  | { type: 'TicketOpened'; data: { ticketId: string; title: string; openedAt: string } }
  | { type: 'TicketCommented'; data: { ticketId: string; text: string } }
  | { type: 'TicketClosed'; data: { ticketId: string; closedAt: string } };

export type TicketCommand =
  | { type: 'OpenTicket'; ticketId: string; title: string; now: string }
  | { type: 'CommentTicket'; ticketId: string; text: string }
  | { type: 'CloseTicket'; ticketId: string; now: string };

export type TicketState = { status: 'none' } | { status: 'open'; comments: number } | { status: 'closed' };

export class TicketClosedError extends DomainError {
  constructor() {
    super('ticket_closed', 'the ticket is closed');
  }
}

export const ticketDecider: Decider<TicketState, TicketCommand, TicketEvent> = {
  initialState: () => ({ status: 'none' }),
  evolve(state, event) {
    switch (event.type) {
      case 'TicketOpened':
        return { status: 'open', comments: 0 };
      case 'TicketCommented':
        return state.status === 'open' ? { status: 'open', comments: state.comments + 1 } : state;
      case 'TicketClosed':
        return { status: 'closed' };
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'OpenTicket':
        if (state.status !== 'none') return [];
        return [{ type: 'TicketOpened', data: { ticketId: command.ticketId, title: command.title, openedAt: command.now } }];
      case 'CommentTicket':
        if (state.status !== 'open') throw new TicketClosedError();
        return [{ type: 'TicketCommented', data: { ticketId: command.ticketId, text: command.text } }];
      case 'CloseTicket':
        if (state.status === 'closed') return [];
        if (state.status === 'none') throw new DomainError('ticket_missing', 'no such ticket');
        return [{ type: 'TicketClosed', data: { ticketId: command.ticketId, closedAt: command.now } }];
    }
  },
};
