import { readFile, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { AgentSpec } from '../domain/agent-spec.js';
import { importAgentYaml } from '../domain/agent-yaml.js';

/** Where the shipped templates live, relative to the working directory the app starts in. */
export const DEFAULT_TEMPLATES_DIR = resolve('seeds', 'agents');

export interface AgentTemplate {
  file: string;
  yaml: string;
  spec: AgentSpec;
}

/** Reads and validates every `*.yaml` in `dir`, in file name order; a broken file fails loudly with its name. */
export async function readAgentTemplates(dir: string = DEFAULT_TEMPLATES_DIR): Promise<AgentTemplate[]> {
  const files = (await readdir(dir)).filter((file) => file.endsWith('.yaml')).sort();
  return Promise.all(
    files.map(async (file) => {
      const yaml = await readFile(join(dir, file), 'utf8');
      try {
        return { file, yaml, spec: importAgentYaml(yaml) };
      } catch (error) {
        throw new Error(`agent template ${file}: ${(error as Error).message}`, { cause: error });
      }
    }),
  );
}
