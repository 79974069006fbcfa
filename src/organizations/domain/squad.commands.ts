import type { MemberKind } from './squad.events.js';

export type CreateSquad = { type: 'CreateSquad'; squadId: string; organizationId: string; name: string; description: string; now: string };
export type UpdateSquad = { type: 'UpdateSquad'; name?: string; description?: string; now: string };
export type AddSquadMember = {
  type: 'AddSquadMember';
  memberId: string;
  kind: MemberKind;
  role: string;
  displayName: string;
  agentSlug: string | null;
  now: string;
};
export type RemoveSquadMember = { type: 'RemoveSquadMember'; memberId: string; now: string };
export type SquadCommand = CreateSquad | UpdateSquad | AddSquadMember | RemoveSquadMember;
