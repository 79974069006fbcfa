import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../platform/decider/command-context.js';
import type { MemberKind } from '../domain/squad.events.js';
import type { Written } from './written.js';

export interface NewMember {
  memberId: string;
  kind: MemberKind;
  role: string;
  displayName: string;
  agentSlug: string | null;
}

export class AddSquadMemberCommand extends Command<Written> {
  constructor(
    readonly context: CommandContext,
    readonly squadId: string,
    readonly member: NewMember,
    readonly expectedVersion?: number,
  ) {
    super();
  }
}
