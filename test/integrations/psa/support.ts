import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Sql } from '../../../src/platform/database/sql.js';
import { enqueuePsaDelivery } from '../../../src/integrations/psa/index.js';
import { call } from '../../support/tenant.js';

export const SECRET = 'whsec_test_0123456789abcdef';

/** What the receiver answers one request: a status and optional headers (e.g. Retry-After). */
export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
  /** Answer this late (to outlast the sender's timeout). */
  delayMs?: number;
}

export interface ReceivedDelivery {
  deliveryId: string;
  at: number;
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: Record<string, unknown>;
  signatureValid: boolean;
  answered: number;
}

/**
 * A PSA on loopback (node:http): verifies each request's signature as a receiver would (HMAC over
 * "<timestamp>.<raw body>", compared in constant time), answers from a script per delivery id
 * (then 200), and keeps what it saw.
 */
export class PsaReceiver {
  readonly received: ReceivedDelivery[] = [];
  private readonly scripts = new Map<string, ScriptedAnswer[]>();
  private nextScript: ScriptedAnswer[] | undefined;

  private readonly server: Server;
  url = '';

  private constructor(private readonly secret: string) {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const rawBody = Buffer.concat(chunks).toString('utf8');
        const deliveryId = String(request.headers['x-agentsquad-delivery'] ?? '');
        if (!this.scripts.has(deliveryId) && this.nextScript) {
          this.scripts.set(deliveryId, this.nextScript);
          this.nextScript = undefined;
        }
        const answer = this.scripts.get(deliveryId)?.shift() ?? { status: 200 };
        this.received.push({
          deliveryId,
          at: Date.now(),
          headers: request.headers,
          rawBody,
          body: JSON.parse(rawBody) as Record<string, unknown>,
          signatureValid: verify(this.secret, request.headers, rawBody),
          answered: answer.status,
        });
        const reply = () => {
          response.writeHead(answer.status, { 'content-type': 'application/json', ...(answer.headers ?? {}) });
          response.end('{}');
        };
        if (answer.delayMs) setTimeout(reply, answer.delayMs);
        else reply();
      });
    });
  }

  static async start(secret = SECRET): Promise<PsaReceiver> {
    const receiver = new PsaReceiver(secret);
    await new Promise<void>((listening) => receiver.server.listen(0, '127.0.0.1', listening));
    const { port } = receiver.server.address() as AddressInfo;
    receiver.url = `http://127.0.0.1:${port}/hooks/psa`;
    return receiver;
  }

  /** The answers for the next delivery that arrives without a script of its own (its id not known beforehand). */
  scriptNext(answers: ScriptedAnswer[]): void {
    this.nextScript = [...answers];
  }

  script(deliveryId: string, answers: ScriptedAnswer[]): void {
    this.scripts.set(deliveryId, [...answers]);
  }

  of(deliveryId: string): ReceivedDelivery[] {
    return this.received.filter((delivery) => delivery.deliveryId === deliveryId);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((closed) => this.server.close(() => closed()));
  }
}

/** The check a receiver makes, as the README shows it. */
export function verify(secret: string, headers: IncomingHttpHeaders, rawBody: string): boolean {
  const timestamp = String(headers['x-agentsquad-timestamp'] ?? '');
  const signature = String(headers['x-agentsquad-signature'] ?? '');
  const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
  const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) < 300;
  return fresh && signature.length === expected.length && timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
}

export function configure(appUrl: string, adminKey: string, url: string, events: string[] = ['handoff', 'resolution'], secret = SECRET) {
  return call(`${appUrl}/api/v1/organization/integrations/psa`, adminKey, { method: 'PUT', body: { url, secret, events } });
}

/** Enqueues a handoff delivery as the handoffs module's projection will, in one transaction. */
export async function enqueueHandoff(
  transaction: <T>(work: (tx: Sql) => Promise<T>) => Promise<T>,
  tenantId: string,
  deliveryId = `handoff-${randomUUID()}`,
  type: 'handoff' | 'resolution' = 'handoff',
): Promise<{ deliveryId: string; enqueued: boolean }> {
  const enqueued = await transaction((tx) =>
    enqueuePsaDelivery(tx, {
      tenantId,
      deliveryId,
      type,
      occurredAt: new Date(),
      session: { id: 'session-1', problem: 'Mail is down', status: 'escalated' },
      note: { title: 'Escalated: mail is down', body: '**MX** checked; SPF next.', visibility: 'internal' },
    }),
  );
  return { deliveryId, enqueued };
}

export interface DeliveryBody {
  id: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: { attempt: number; at: string; outcome: string; statusCode: number | null; error: string | null; durationMs: number }[];
  [field: string]: unknown;
}

export async function deliveries(
  appUrl: string,
  adminKey: string,
  query = '',
): Promise<{ items: DeliveryBody[]; nextCursor: string | null }> {
  const response = await call(`${appUrl}/api/v1/organization/integrations/psa/deliveries${query}`, adminKey);
  if (response.status !== 200) throw new Error(`deliveries answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as { items: DeliveryBody[]; nextCursor: string | null };
}

export async function delivery(appUrl: string, adminKey: string, deliveryId: string): Promise<DeliveryBody | undefined> {
  const page = await deliveries(appUrl, adminKey, '?limit=100');
  return page.items.find((item) => item.id === deliveryId);
}
