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

  addMember(member: RosterMember): void {
    this.roster.set(member.id, member);
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

  reset(): void {
    this.calls.length = 0;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
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
      this.calls.push({ method, path: url.pathname, conversationId, body });
      const member = this.roster.get(itemId);
      if (!member) {
        json(404, { error: { code: 'MemberNotFoundInConversation', message: 'The member was not found' } });
        return;
      }
      json(200, { ...member, tenantId: 'tenant', userRole: 'user' });
      return;
    }
    if (collection === 'activities' && (method === 'POST' || method === 'PUT')) {
      this.counter += 1;
      const id = method === 'PUT' && itemId ? itemId : `1:${this.counter}`;
      this.calls.push({ method, path: url.pathname, conversationId, activityId: id, body });
      json(method === 'PUT' ? 200 : 201, { id });
      return;
    }
    json(405, { error: { code: 'BadArgument', message: `Unsupported ${method} ${url.pathname}` } });
  }
}
