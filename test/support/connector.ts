import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake Bot Connector answers for `GET .../members/:id`, like Teams' roster. */
export interface RosterMember {
  id: string;
  aadObjectId: string;
  name: string;
  givenName?: string;
  surname?: string;
  email?: string;
  userPrincipalName?: string;
}

export interface RecordedCall {
  method: string;
  path: string;
  conversationId: string;
  activityId?: string;
  body: Record<string, unknown>;
  /** The Authorization header the bot sent, to check how it signed in. */
  authorization?: string;
  /** When the call arrived (ms since the epoch). */
  at: number;
}

/** A scripted answer: a status, and for 429 the Retry-After header Teams sends (seconds; default 1). */
export type ScriptedAnswer = number | { status: number; retryAfter?: string };

/** A call the connector refused, scripted or over a limit, as Teams would have. */
export interface Refusal {
  method: string;
  conversationId: string;
  status: number;
  at: number;
}

/**
 * A local stand-in for the Teams Bot Connector service (the one part outside this machine): the
 * REST routes the SDK calls, answered the way the real service answers them, and every call kept
 * for the test to read.
 */
export class FakeConnector {
  readonly calls: RecordedCall[] = [];
  private readonly roster = new Map<string, RosterMember>();
  private server: Server | undefined;
  private counter = 0;
  url = '';
  /** Answers 429 with Retry-After once a conversation or the whole app goes over these (per second). */
  limits: { perConversation: number; global: number } | undefined;
  /** Statuses to answer the next sends into a conversation with, one per send; then 201 again. */
  readonly script = new Map<string, ScriptedAnswer[]>();
  /** Statuses to answer the next updates (PUT) in a conversation with, one per update; then 200 again. */
  readonly updateScript = new Map<string, ScriptedAnswer[]>();
  /** Every refused send or update, oldest first. */
  readonly refusals: Refusal[] = [];
  /** Sends refused with 429 because a limit was exceeded (not scripted ones). */
  throttled = 0;
  readonly throttleLog: { conversationId: string; global: number; conversation: number }[] = [];
  private readonly accepted: { at: number; conversationId: string }[] = [];
  private readonly holds = new Map<string, { reached: () => void; released: Promise<void> }>();

  /**
   * Keeps the answer to the next update (PUT) in a conversation until `release`: the bot waits
   * on it, as on a slow Teams. `reached` settles once that update has arrived (and is recorded).
   */
  holdNextUpdate(conversationId: string): { reached: Promise<void>; release: () => void } {
    let reached!: () => void;
    let release!: () => void;
    const arrived = new Promise<void>((resolve) => {
      reached = resolve;
    });
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.holds.set(conversationId, { reached, released });
    return { reached: arrived, release };
  }

  /** The most sends accepted within any one second, overall and into one conversation. */
  peakRates(): { global: number; perConversation: number } {
    const peak = (times: number[]) => {
      let best = 0;
      let start = 0;
      for (let end = 0; end < times.length; end++) {
        while ((times[end] ?? 0) - (times[start] ?? 0) >= 1000) start++;
        best = Math.max(best, end - start + 1);
      }
      return best;
    };
    const byConversation = new Map<string, number[]>();
    for (const a of this.accepted)
      byConversation.set(a.conversationId, [...(byConversation.get(a.conversationId) ?? []), a.at]);
    return {
      global: peak(this.accepted.map((a) => a.at)),
      perConversation: Math.max(0, ...[...byConversation.values()].map(peak)),
    };
  }

  private overLimit(conversationId: string, now: number): boolean {
    if (!this.limits) return false;
    const recent = this.accepted.filter((a) => a.at > now - 1000);
    return (
      recent.length >= this.limits.global ||
      recent.filter((a) => a.conversationId === conversationId).length >= this.limits.perConversation
    );
  }

  addMember(member: RosterMember): void {
    this.roster.set(member.id, member);
  }

  /** A started connector that throttles like Teams: 7/s per conversation, 50/s for the app. */
  static async throttling(): Promise<FakeConnector> {
    const connector = new FakeConnector();
    connector.limits = { perConversation: 7, global: 50 };
    await connector.start();
    return connector;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}/`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** Activities the bot sent or updated in a conversation, oldest first. */
  sent(conversationId?: string): RecordedCall[] {
    return this.calls.filter(
      (call) =>
        call.method !== 'GET' && (conversationId === undefined || call.conversationId === conversationId),
    );
  }

  /** The Adaptive Cards the bot posted (not updates), oldest first, each with the id of its message. */
  postedCards(conversationId?: string): { card: Record<string, unknown>; activityId: string }[] {
    return this.sent(conversationId)
      .filter((call) => call.method === 'POST')
      .flatMap((call) =>
        ((call.body.attachments as { content: Record<string, unknown> }[] | undefined) ?? []).map(
          (attachment) => ({
            card: attachment.content,
            activityId: call.activityId ?? '',
          }),
        ),
      );
  }

  /** How many messages the bot posted into each conversation. */
  deliveredCounts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const { conversationId } of this.sent().filter((c) => c.method === 'POST')) {
      counts.set(conversationId, (counts.get(conversationId) ?? 0) + 1);
    }
    return counts;
  }

  reset(): void {
    this.calls.length = 0;
    this.refusals.length = 0;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Teams counts a send when it arrives, not when its body has been read.
    const arrivedAt = Date.now();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
    const url = new URL(req.url ?? '/', 'http://localhost');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    // /v3/conversations/{conversationId}/activities[/{activityId}] | /members/{memberId}
    const [, , conversationId = '', collection, itemId] = parts;
    const method = req.method ?? 'GET';
    const json = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    if (parts[0] !== 'v3' || parts[1] !== 'conversations') {
      json(404, { error: { code: 'NotFound', message: 'Unknown route' } });
      return;
    }
    if (collection === 'members' && method === 'GET' && itemId) {
      this.calls.push({ method, path: url.pathname, conversationId, body, at: arrivedAt });
      const member = this.roster.get(itemId);
      if (!member) {
        json(404, { error: { code: 'MemberNotFoundInConversation', message: 'The member was not found' } });
        return;
      }
      json(200, { ...member, tenantId: 'tenant', userRole: 'user' });
      return;
    }
    if (collection === 'activities' && (method === 'POST' || method === 'PUT')) {
      const next = (method === 'POST' ? this.script : this.updateScript).get(conversationId)?.shift();
      if (next !== undefined) {
        const { status, retryAfter } =
          typeof next === 'number' ? { status: next, retryAfter: undefined } : next;
        this.refusals.push({ method, conversationId, status, at: arrivedAt });
        res.writeHead(status, {
          'content-type': 'application/json',
          ...(status === 429 ? { 'retry-after': retryAfter ?? '1' } : {}),
        });
        res.end(
          JSON.stringify({
            error: {
              code:
                status === 403
                  ? 'ConversationBlockedByUser'
                  : status === 429
                    ? 'Throttled'
                    : status === 404
                      ? 'ActivityNotFoundInConversation'
                      : 'ServiceError',
              message: 'scripted',
            },
          }),
        );
        return;
      }
    }
    if (collection === 'activities' && method === 'POST') {
      const now = arrivedAt;
      if (this.overLimit(conversationId, now)) {
        this.throttled += 1;
        const recent = this.accepted.filter((a) => a.at > now - 1000);
        this.throttleLog.push({
          conversationId,
          global: recent.length,
          conversation: recent.filter((a) => a.conversationId === conversationId).length,
        });
        this.refusals.push({ method, conversationId, status: 429, at: now });
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' });
        res.end(JSON.stringify({ error: { code: 'Throttled', message: 'Too many requests' } }));
        return;
      }
      this.accepted.push({ at: now, conversationId });
    }
    if (collection === 'activities' && (method === 'POST' || method === 'PUT')) {
      this.counter += 1;
      const id = method === 'PUT' && itemId ? itemId : `1:${this.counter}`;
      this.calls.push({
        method,
        path: url.pathname,
        conversationId,
        activityId: id,
        body,
        at: arrivedAt,
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      });
      const hold = method === 'PUT' ? this.holds.get(conversationId) : undefined;
      if (hold) {
        this.holds.delete(conversationId);
        hold.reached();
        await hold.released;
      }
      json(method === 'PUT' ? 200 : 201, { id });
      return;
    }
    json(405, { error: { code: 'BadArgument', message: `Unsupported ${method} ${url.pathname}` } });
  }
}
