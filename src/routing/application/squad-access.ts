import { Inject, Injectable } from '@nestjs/common';
import { NotFoundError } from '../../platform/decider/decider.js';
import { UnknownSquadMemberError } from '../domain/routing.errors.js';
import type { Responder } from '../domain/routing-rule.js';
import type { RoutingTarget } from './routing-target.js';
import { SQUAD_DIRECTORY, type SquadDirectory, type SquadMember } from './squad-directory.js';

/** The one place routing asks whether a squad exists for a tenant; everything squad-scoped goes through it. */
@Injectable()
export class SquadAccess {
  constructor(@Inject(SQUAD_DIRECTORY) private readonly directory: SquadDirectory) {}

  async membersOf(tenantId: string, squadId: string): Promise<SquadMember[]> {
    const members = await this.directory.membersOf(tenantId, squadId);
    if (!members) throw new NotFoundError('squad', squadId);
    return members;
  }

  /** A squad target must be the tenant's squad; the organization's own rule set always exists. */
  async checkTarget(tenantId: string, target: RoutingTarget): Promise<void> {
    if (target.kind === 'squad') await this.membersOf(tenantId, target.squadId);
  }

  /** A squad rule naming a specific member must name one of this squad's; roles may be staffed later. */
  async checkResponders(tenantId: string, target: RoutingTarget, responders: readonly Responder[]): Promise<void> {
    if (target.kind !== 'squad') return;
    const members = await this.membersOf(tenantId, target.squadId);
    for (const responder of responders) {
      if (responder.kind === 'member' && !members.some((member) => member.id === responder.memberId))
        throw new UnknownSquadMemberError(responder.memberId);
    }
  }
}
