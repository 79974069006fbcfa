import type { TemplateRule } from './template-rule.js';

export interface CreateRoutingTemplate {
  type: 'CreateRoutingTemplate';
  organizationId: string;
  templateId: string;
  name: string;
  description: string;
  rules: TemplateRule[];
  isPublic: boolean;
  isDefault: boolean;
  sourceSquadId: string | null;
}

export interface ChangeRoutingTemplate {
  type: 'ChangeRoutingTemplate';
  organizationId: string;
  templateId: string;
  name?: string;
  description?: string;
  isPublic?: boolean;
  /** true makes it the default; false clears the default if it is this template. */
  isDefault?: boolean;
}

export interface DeleteRoutingTemplate {
  type: 'DeleteRoutingTemplate';
  organizationId: string;
  templateId: string;
}

export type RoutingTemplateCommand = CreateRoutingTemplate | ChangeRoutingTemplate | DeleteRoutingTemplate;
