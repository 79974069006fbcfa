// The module's handlers, registered once in organizations.module.ts (as the Nest CQRS example does).
import { CreateOrganizationHandler } from './create-organization.handler.js';
import { UpdateOrganizationHandler } from './update-organization.handler.js';
import { CreateSquadHandler } from './create-squad.handler.js';
import { UpdateSquadHandler } from './update-squad.handler.js';
import { AddSquadMemberHandler } from './add-squad-member.handler.js';
import { RemoveSquadMemberHandler } from './remove-squad-member.handler.js';
import { IssueApiKeyHandler } from './issue-api-key.handler.js';
import { RevokeApiKeyHandler } from './revoke-api-key.handler.js';
import { GetOrganizationHandler } from './get-organization.handler.js';
import { ListSquadsHandler } from './list-squads.handler.js';
import { GetSquadHandler } from './get-squad.handler.js';
import { ListSquadMembersHandler } from './list-squad-members.handler.js';
import { GetSquadRosterHandler } from './get-squad-roster.handler.js';
import { GetSquadMemberHandler } from './get-squad-member.handler.js';
import { ListAgentSquadsHandler } from './list-agent-squads.handler.js';
import { ListApiKeysHandler } from './list-api-keys.handler.js';
import { GetApiKeyHandler } from './get-api-key.handler.js';

export const commandHandlers = [
  CreateOrganizationHandler,
  UpdateOrganizationHandler,
  CreateSquadHandler,
  UpdateSquadHandler,
  AddSquadMemberHandler,
  RemoveSquadMemberHandler,
  IssueApiKeyHandler,
  RevokeApiKeyHandler,
];

export const queryHandlers = [
  GetOrganizationHandler,
  ListSquadsHandler,
  GetSquadHandler,
  ListSquadMembersHandler,
  GetSquadRosterHandler,
  GetSquadMemberHandler,
  ListAgentSquadsHandler,
  ListApiKeysHandler,
  GetApiKeyHandler,
];
