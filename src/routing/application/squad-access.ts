import { Inject, Injectable } from '@nestjs/common';
import { NotFoundError } from '../../platform/decider/decider.js';
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
}
