import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Every file under `dir` whose name ends with `suffix`. */
async function filesUnder(dir: string, suffix: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return filesUnder(path, suffix);
      return Promise.resolve(entry.name.endsWith(suffix) ? [path] : []);
    }),
  );
  return nested.flat();
}

/**
 * The OpenAPI document names each schema after its DTO class, and a second class of the same name
 * silently replaces the first (a pipeline's `EstimateDto` once replaced the learning records'), so
 * a response would be documented with another module's shape. Class names must be unique.
 */
describe('DTO class names', () => {
  it('are unique across modules, as the OpenAPI schema names they become', async () => {
    const files = [...(await filesUnder('src', '.dto.ts')), 'src/platform/http/pagination.ts'];
    const owners = new Map<string, string[]>();
    for (const file of files) {
      for (const [, name] of (await readFile(file, 'utf8')).matchAll(/^export (?:abstract )?class (\w+)/gm))
        owners.set(name, [...(owners.get(name) ?? []), file]);
    }
    expect(owners.size).toBeGreaterThan(100);
    expect([...owners].filter(([, where]) => where.length > 1)).toEqual([]);
  });
});
