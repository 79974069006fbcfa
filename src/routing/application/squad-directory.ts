/** A squad member as routing needs to know it. */
export interface SquadMember {
  id: string;
  /** The member's role in the squad, a snake_case identifier such as `tech_lead`. */
  role: string;
  /** Shown in chain explanations; the id is shown when absent. */
  name?: string;
}

/**
 * What routing needs from the organizations module: who is in a squad. Returns null when the squad
 * does not exist or belongs to another tenant, so routing answers 404 without learning which.
 */
export interface SquadDirectory {
  membersOf(tenantId: string, squadId: string): Promise<SquadMember[] | null>;
}

/** Injection token under which the application binds its SquadDirectory (see RoutingModule.forRoot). */
export const SQUAD_DIRECTORY = Symbol('SquadDirectory');
