import type { TemplateRule } from './template-rule.js';

/** A routing template: a named set of role-to-role rules a squad can adopt. */
export interface RoutingTemplate {
  id: string;
  name: string;
  description: string;
  rules: TemplateRule[];
  /** Shipped with the product (seeds/routing) rather than made by an organization. */
  builtIn: boolean;
  /** null for built-in templates. */
  organizationId: string | null;
  /** Visible to other organizations. Built-in templates are always public. */
  isPublic: boolean;
  /** The organization's default for new squads, and the last fallback of chain resolution. */
  isDefault: boolean;
}
