import { Logger } from '@nestjs/common';
import type { ServedBecause } from '../llm-call-scope.js';
import type { LlmSettings } from '../llm-config.js';
import type { FailedAttempt } from '../llm.errors.js';
import { LlmAbortedError, LlmUnavailableError } from '../llm.errors.js';
import type { LlmProvider, ProviderCallOptions } from '../providers/llm-provider.js';
import { OfflineProvider } from '../providers/offline-provider.js';
import { ProviderFailure } from '../providers/provider-failure.js';
import { backoffDelayMs } from './backoff.js';
import { CircuitBreaker, type CircuitState } from './circuit-breaker.js';
import type { LlmClock } from './llm-clock.js';
import { RateLimiter } from './rate-limiter.js';

type ChainSettings = Pick<
  LlmSettings,
  | 'timeoutMs'
  | 'totalTimeoutMs'
  | 'maxRetries'
  | 'backoffBaseMs'
  | 'backoffMaxMs'
  | 'maxRetryAfterMs'
  | 'rateLimitMaxWaitMs'
  | 'circuitFailures'
  | 'circuitCooldownMs'
>;

interface Link {
  provider: LlmProvider;
  breaker: CircuitBreaker;
  limiter: RateLimiter;
}

export interface ChainCall<T> {
  /** One request to one provider. Throws ProviderFailure (anything else is treated as a network failure). */
  attempt(provider: LlmProvider, options: ProviderCallOptions): Promise<T>;
  /** Providers that cannot serve this call (e.g. no embedding model) are passed over silently. */
  eligible?(provider: LlmProvider): boolean;
  /** Tokens the call is expected to use, for the tokens-per-minute quota. */
  estimatedTokens: number;
  /** Tokens it did use, to correct the quota. */
  usedTokens?(value: T): number;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** The agent's preferred providers (`name` or `name/model`), tried before the global chain. */
  preference?: readonly string[];
  /** Served by the offline model alone (a spent `degrade` budget). */
  offlineOnly?: boolean;
}

export interface ChainResult<T> {
  value: T;
  provider: LlmProvider;
  /** Requests made, retries included. */
  attempts: number;
  because: ServedBecause;
}

interface Step {
  link: Link;
  because: ServedBecause;
}

/**
 * The fallback chain: providers in order, each behind its circuit breaker and rate limiter, with
 * retries (exponential backoff with jitter, or the server's Retry-After) on failures that may pass.
 * Bounded everywhere — per-attempt timeout, total budget, capped waits — so a call ends with an
 * answer or LlmUnavailableError, never a hang. The offline model, when in the chain, is tried even
 * when the budget is spent: it answers at once.
 */
export class ProviderChain {
  private readonly logger = new Logger('LlmGateway');
  private readonly links: Link[];
  /** The offline model for degraded calls, also when it is not part of the chain. */
  private readonly offline: Link;
  /** Preference entries resolved to links once: derived links keep their circuit state between calls. */
  private readonly preferred = new Map<string, Link | undefined>();

  constructor(
    providers: readonly LlmProvider[],
    private readonly settings: ChainSettings,
    private readonly clock: LlmClock,
  ) {
    this.links = providers.map((provider) => ({
      provider,
      breaker: new CircuitBreaker({ failures: settings.circuitFailures, cooldownMs: settings.circuitCooldownMs }),
      limiter: new RateLimiter(provider.limits, clock.now()),
    }));
    this.offline = this.links.find((link) => link.provider.offline) ?? {
      provider: new OfflineProvider(),
      breaker: new CircuitBreaker({ failures: settings.circuitFailures, cooldownMs: settings.circuitCooldownMs }),
      limiter: new RateLimiter({ rpm: undefined, tpm: undefined }, clock.now()),
    };
  }

  get providers(): readonly LlmProvider[] {
    return this.links.map((link) => link.provider);
  }

  circuitStates(): Array<{ provider: string; state: CircuitState }> {
    const now = this.clock.now();
    return this.links.map((link) => ({ provider: link.provider.name, state: link.breaker.state(now) }));
  }

  /** Marks a provider as failed after the fact (a stream that broke after its first chunk). */
  reportFailure(provider: LlmProvider): void {
    this.links.find((link) => link.provider === provider)?.breaker.recordFailure(this.clock.now());
  }

  async run<T>(call: ChainCall<T>): Promise<ChainResult<T>> {
    const deadline = this.clock.now() + this.settings.totalTimeoutMs;
    const failures: FailedAttempt[] = [];
    let attempts = 0;
    let lastProvider: LlmProvider | undefined;
    for (const { link, because } of this.route(call)) {
      const { provider, breaker } = link;
      if (call.eligible && !call.eligible(provider)) continue;
      const budget = () => (provider.offline ? Number.POSITIVE_INFINITY : deadline - this.clock.now());
      if (budget() <= 0) {
        failures.push({ provider: provider.name, reason: 'timeout', message: 'the call ran out of time before this provider' });
        continue;
      }
      if (!breaker.tryPass(this.clock.now())) {
        failures.push({
          provider: provider.name,
          reason: 'circuit-open',
          message: `${provider.name} failed repeatedly and is skipped for now`,
        });
        continue;
      }
      lastProvider = provider;
      let failure: ProviderFailure | undefined;
      for (let retry = 0; ; retry++) {
        try {
          // The quota is usually free (or unlimited): take it at once, and wait only when it is not.
          const wait = link.limiter.reserve(call.estimatedTokens, this.clock.now());
          if (wait !== 0 && !(await this.takeQuota(link, call, budget, wait))) {
            failure = new ProviderFailure('rejected', `${provider.name}: its rate limit would not free up in time`);
            failures.push({ provider: provider.name, reason: 'quota', message: failure.message });
            breaker.release();
            break;
          }
          attempts += 1;
          const timeoutMs = Math.max(1, Math.min(call.timeoutMs ?? this.settings.timeoutMs, budget()));
          const value = await call.attempt(provider, { signal: call.signal, timeoutMs });
          breaker.recordSuccess();
          if (call.usedTokens) link.limiter.settle(call.estimatedTokens, call.usedTokens(value));
          return { value, provider, attempts, because };
        } catch (error) {
          if (call.signal?.aborted) {
            breaker.release();
            throw new LlmAbortedError(attempts, lastProvider?.name, error);
          }
          failure =
            error instanceof ProviderFailure
              ? error
              : new ProviderFailure('network', `${provider.name}: ${(error as Error).message}`, { cause: error });
          const delay =
            failure.retryAfterMs ??
            backoffDelayMs(retry + 1, { baseMs: this.settings.backoffBaseMs, maxMs: this.settings.backoffMaxMs }, this.clock.random);
          const worthWaiting =
            failure.retryable &&
            retry < this.settings.maxRetries &&
            (failure.retryAfterMs === undefined || failure.retryAfterMs <= this.settings.maxRetryAfterMs) &&
            delay < budget();
          if (!worthWaiting) {
            failures.push({ provider: provider.name, reason: failure.kind, status: failure.status, message: failure.message });
            if (failure.countsAgainstProvider) breaker.recordFailure(this.clock.now());
            else breaker.release();
            break;
          }
          this.logger.debug(`${failure.message}; retry ${retry + 1} in ${delay} ms`);
          try {
            await this.clock.sleep(delay, call.signal);
          } catch (abort) {
            breaker.release();
            throw new LlmAbortedError(attempts, lastProvider?.name, abort);
          }
        }
      }
      if (failure) this.logger.warn(`${failure.message}; trying the next provider`);
    }
    throw new LlmUnavailableError(failures, attempts);
  }

  /**
   * The links a call tries, in order: the preferred ones, then the rest of the chain as fallback.
   * Preference entries that name no configured provider are passed over (an agent definition may
   * name a provider this deployment does not have).
   */
  private route<T>(call: ChainCall<T>): Step[] {
    if (call.offlineOnly) return [{ link: this.offline, because: 'degraded' }];
    const preferred: Link[] = [];
    for (const entry of call.preference ?? []) {
      const link = this.preferredLink(entry);
      if (link && !preferred.includes(link)) preferred.push(link);
    }
    if (preferred.length === 0) return this.links.map((link) => ({ link, because: 'default' }));
    return [
      ...preferred.map((link): Step => ({ link, because: 'preferred' })),
      ...this.links.filter((link) => !preferred.includes(link)).map((link): Step => ({ link, because: 'fallback' })),
    ];
  }

  /** `name` is that provider as configured; `name/model` the same provider (client, quota) asked for another model. */
  private preferredLink(entry: string): Link | undefined {
    if (this.preferred.has(entry)) return this.preferred.get(entry);
    const slash = entry.indexOf('/');
    const name = slash < 0 ? entry : entry.slice(0, slash);
    const model = slash < 0 ? undefined : entry.slice(slash + 1);
    const base = this.links.find((link) => link.provider.name === name);
    let link: Link | undefined = base;
    if (!base) this.logger.warn(`provider preference "${entry}" names no configured provider; passed over`);
    else if (model && model !== base.provider.model) {
      link = base.provider.withModel
        ? {
            provider: base.provider.withModel(model),
            // Its own circuit (a model can be down alone), the provider's quota (it is one account).
            breaker: new CircuitBreaker({ failures: this.settings.circuitFailures, cooldownMs: this.settings.circuitCooldownMs }),
            limiter: base.limiter,
          }
        : base;
    }
    this.preferred.set(entry, link);
    return link;
  }

  /** Waits for the provider's quota (`firstWait` ms away) when that fits the budget; false when it would wait too long. */
  private async takeQuota<T>(link: Link, call: ChainCall<T>, budget: () => number, firstWait: number): Promise<boolean> {
    for (let wait = firstWait; wait !== 0; wait = link.limiter.reserve(call.estimatedTokens, this.clock.now())) {
      if (wait > Math.min(this.settings.rateLimitMaxWaitMs, budget())) return false;
      await this.clock.sleep(wait, call.signal);
    }
    return true;
  }
}
