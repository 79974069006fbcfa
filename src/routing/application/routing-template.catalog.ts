import { Injectable } from '@nestjs/common';
import { Database } from '../../platform/database/database.js';
import { NotFoundError } from '../../platform/decider/decider.js';
import { BuiltInTemplateError } from '../domain/routing.errors.js';
import type { RoutingTemplate } from '../domain/routing-template.js';
import type { TemplateRule } from '../domain/template-rule.js';
import { loadBuiltinTemplates } from '../templates/builtin-templates.js';

interface TemplateRow {
  template_id: string;
  tenant_id: string;
  name: string;
  description: string;
  rules: TemplateRule[];
  is_public: boolean;
  is_default: boolean;
}

function templateOf(row: TemplateRow): RoutingTemplate {
  return {
    id: row.template_id,
    name: row.name,
    description: row.description,
    rules: row.rules,
    builtIn: false,
    organizationId: row.tenant_id,
    isPublic: row.is_public,
    isDefault: row.is_default,
  };
}

/** The templates an organization can see: the shipped ones, its own, and other organizations' public ones. */
@Injectable()
export class RoutingTemplateCatalog {
  /** Read once: the seeds are part of the build, and a malformed one should stop the start. */
  readonly builtIn: readonly RoutingTemplate[] = loadBuiltinTemplates();

  constructor(private readonly db: Database) {}

  async list(tenantId: string): Promise<RoutingTemplate[]> {
    const rows = await this.db.query<TemplateRow>(
      `SELECT template_id, tenant_id, name, description, rules, is_public, is_default FROM routing_templates
        WHERE NOT deleted AND (tenant_id = $1 OR is_public) ORDER BY tenant_id = $1 DESC, seq`,
      [tenantId],
    );
    // Another organization's default is its own business; here it is just a public template.
    return [...this.builtIn, ...rows.map((row) => ({ ...templateOf(row), isDefault: row.tenant_id === tenantId && row.is_default }))];
  }

  async get(tenantId: string, templateId: string): Promise<RoutingTemplate> {
    const builtIn = this.builtIn.find((template) => template.id === templateId);
    if (builtIn) return builtIn;
    const [row] = await this.db.query<TemplateRow>(
      `SELECT template_id, tenant_id, name, description, rules, is_public, is_default FROM routing_templates
        WHERE template_id = $1 AND NOT deleted AND (tenant_id = $2 OR is_public)`,
      [templateId, tenantId],
    );
    if (!row) throw new NotFoundError('routing template', templateId);
    return { ...templateOf(row), isDefault: row.tenant_id === tenantId && row.is_default };
  }

  /** The shipped templates are part of the product: changing or deleting one is refused (422). */
  refuseBuiltIn(templateId: string): void {
    if (this.builtIn.some((template) => template.id === templateId)) throw new BuiltInTemplateError(templateId);
  }
}
