import { Inject, Injectable } from '@nestjs/common';
import { AgentVersionDeprecatedError, AgentVersionNotFoundError, DuplicateAgentVersionError } from '../domain/agent-definition.errors.js';
import { AgentDefinitionsService } from './agent-definitions.service.js';
import { type AgentTemplate, DEFAULT_TEMPLATES_DIR, readAgentTemplates } from './agent-templates.js';
import type { CommandContext } from '../../platform/decider/command-context.js';
import { REGISTRY_OPTIONS, type RegistryOptions } from './registry-options.js';

export interface InstalledTemplate {
  slug: string;
  version: string;
  /** false: this version was already registered for the tenant and was left as it is. */
  installed: boolean;
}

/** The shipped YAML templates: listed for everyone, installed (registered + published) per tenant. */
@Injectable()
export class AgentTemplatesService {
  private cached: Promise<AgentTemplate[]> | undefined;

  constructor(
    private readonly definitions: AgentDefinitionsService,
    @Inject(REGISTRY_OPTIONS) private readonly options: RegistryOptions,
  ) {}

  list(): Promise<AgentTemplate[]> {
    this.cached ??= readAgentTemplates(this.options.templatesDir ?? DEFAULT_TEMPLATES_DIR).catch((error: unknown) => {
      this.cached = undefined;
      throw error;
    });
    return this.cached;
  }

  /** Installs the given templates (all when `slugs` is empty); safe to repeat, e.g. on every start. */
  async install(context: CommandContext, slugs: readonly string[] = []): Promise<InstalledTemplate[]> {
    const templates = (await this.list()).filter((template) => slugs.length === 0 || slugs.includes(template.spec.slug));
    const missing = slugs.filter((slug) => !templates.some((template) => template.spec.slug === slug));
    if (missing.length > 0) throw new AgentVersionNotFoundError(missing[0], 'template');
    const results: InstalledTemplate[] = [];
    for (const { spec } of templates) {
      let installed = true;
      try {
        await this.definitions.registerSpec(context, spec);
      } catch (error) {
        if (!(error instanceof DuplicateAgentVersionError)) throw error;
        installed = false;
      }
      // Publishing again is a no-op; it also finishes an install that stopped between register and
      // publish. A version an admin deprecated stays deprecated.
      await this.definitions.publish(context, spec.slug, spec.version).catch((error: unknown) => {
        if (!(error instanceof AgentVersionDeprecatedError)) throw error;
      });
      results.push({ slug: spec.slug, version: spec.version, installed });
    }
    return results;
  }
}
