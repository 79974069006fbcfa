import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RoutingTemplate } from '../domain/routing-template.js';
import { parseTemplateYaml } from './template-yaml.js';

const SEEDS = join('seeds', 'routing');

/**
 * The repository's seeds/routing folder, found by walking up from this file: the same code runs
 * from src/ under jest and from dist/src/ when built, at different depths.
 */
export function findSeedDirectory(start = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, SEEDS);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`no ${SEEDS} folder above ${start}`);
  }
}

/** Every *.yaml template in `directory`, sorted by name. Throws on a malformed file: a bad seed is a build defect. */
export function loadBuiltinTemplates(directory = findSeedDirectory()): RoutingTemplate[] {
  const files = readdirSync(directory).filter((file) => file.endsWith('.yaml') || file.endsWith('.yml'));
  const templates = files.map((file) => parseTemplateYaml(readFileSync(join(directory, file), 'utf8'), file));
  const ids = new Set<string>();
  for (const template of templates) {
    if (ids.has(template.id)) throw new Error(`two routing templates have the id ${template.id}`);
    ids.add(template.id);
  }
  return templates.sort((a, b) => a.name.localeCompare(b.name));
}
