import { parse } from 'yaml';
import { DEFAULT_QUESTION_TYPE } from '../domain/routing-rule.js';
import type { RoutingTemplate } from '../domain/routing-template.js';
import { type TemplateRule, templateRuleProblem } from '../domain/template-rule.js';

/** Built-in template ids carry this prefix, so they never collide with an organization's own ids. */
export const BUILTIN_PREFIX = 'builtin:';

export class TemplateFileError extends Error {}

function record(value: unknown, where: string, allowed: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TemplateFileError(`${where}: expected a mapping`);
  const unknown = Object.keys(value).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) throw new TemplateFileError(`${where}: unknown field "${unknown[0]}"`);
  return value as Record<string, unknown>;
}

function text(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.trim().length === 0) throw new TemplateFileError(`${where}: expected a non-empty string`);
  return value;
}

/**
 * Reads a template file. A chain lists responder roles by level (index 0 = level 0), which is how
 * people think about escalation and keeps the files short:
 *   chains: [{ askerRole: backend_developer, questionType: architecture, chain: [solution_architect, tech_lead] }]
 */
export function parseTemplateYaml(source: string, fileName: string): RoutingTemplate {
  const top = record(parse(source), fileName, ['id', 'name', 'description', 'chains']);
  const id = text(top.id, `${fileName} id`);
  if (!Array.isArray(top.chains) || top.chains.length === 0) throw new TemplateFileError(`${fileName}: chains must be a non-empty list`);
  const rules: TemplateRule[] = top.chains.flatMap((entry: unknown, index) => {
    const where = `${fileName} chains[${index}]`;
    const chain = record(entry, where, ['askerRole', 'questionType', 'chain', 'priority']);
    if (!Array.isArray(chain.chain) || chain.chain.length === 0)
      throw new TemplateFileError(`${where}: chain must be a non-empty list of roles`);
    const priority = chain.priority ?? 0;
    if (typeof priority !== 'number') throw new TemplateFileError(`${where}: priority must be a number`);
    return chain.chain.map((responderRole: unknown, level): TemplateRule => {
      const rule = {
        askerRole: text(chain.askerRole, `${where} askerRole`),
        questionType: chain.questionType === undefined ? DEFAULT_QUESTION_TYPE : text(chain.questionType, `${where} questionType`),
        level,
        responderRole: text(responderRole, `${where} chain[${level}]`),
        priority,
      };
      const problem = templateRuleProblem(rule);
      if (problem) throw new TemplateFileError(`${where}: ${problem}`);
      return rule;
    });
  });
  return {
    id: BUILTIN_PREFIX + id,
    name: text(top.name, `${fileName} name`),
    description: typeof top.description === 'string' ? top.description : '',
    rules,
    builtIn: true,
    organizationId: null,
    isPublic: true,
    isDefault: false,
  };
}
