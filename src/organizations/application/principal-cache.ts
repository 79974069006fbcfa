import type { Principal } from '../../platform/http/auth/principal.js';

/** How long a key's principal is answered from memory at most: the bound if a revocation is missed. */
export const PRINCIPAL_CACHE_TTL_MS = 30_000;
/** Keys remembered at most (the oldest entry goes first); a key is a few hundred bytes. */
export const PRINCIPAL_CACHE_SIZE = 10_000;

interface Entry {
  principal: Principal;
  expiresAt: number;
}

/**
 * The principals of valid keys by key hash, so a request does not spend a statement on its key.
 * Only valid keys are kept (a key issued a moment ago is never remembered as unknown). `forget`
 * drops a key at once; a lookup that began before a `forget` is not stored after it (`begin` →
 * `remember` carries the generation it started in), so a revocation can never be undone by a
 * lookup that read the row just before the revocation committed.
 */
export class PrincipalCache {
  private readonly entries = new Map<string, Entry>();
  private generation = 0;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly ttlMs = PRINCIPAL_CACHE_TTL_MS,
    private readonly size = PRINCIPAL_CACHE_SIZE,
  ) {}

  get(keyHash: string): Principal | undefined {
    const entry = this.entries.get(keyHash);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(keyHash);
      return undefined;
    }
    return entry.principal;
  }

  /** The generation a lookup starts in, to pass to `remember` when it ends. */
  begin(): number {
    return this.generation;
  }

  remember(keyHash: string, principal: Principal, startedIn: number): void {
    if (startedIn !== this.generation) return;
    if (this.entries.size >= this.size) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(keyHash, { principal, expiresAt: this.now() + this.ttlMs });
  }

  /** The key with this id is revoked or changed: answer it from the table from now on. */
  forget(keyId: string): void {
    this.generation += 1;
    for (const [hash, entry] of this.entries) if (entry.principal.keyId === keyId) this.entries.delete(hash);
  }
}
