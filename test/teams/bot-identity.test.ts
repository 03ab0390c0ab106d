import type { ConversationReference } from 'botbuilder';
import { createLogger } from '../../src/logger';
import { createAdapter } from '../../src/teams/adapter';
import { FakeConnector } from '../support/connector';
import { IdentityEndpoint } from '../support/identity-endpoint';

// The client id of the user-assigned identity that infra/main.bicep makes the bot's identity.
const CLIENT_ID = '6f1c2a4e-3b5d-4c7e-8f90-1a2b3c4d5e6f';

describe('the bot signed in as its user-assigned managed identity', () => {
  const identity = new IdentityEndpoint();
  const connector = new FakeConnector();
  const saved = { endpoint: process.env.IDENTITY_ENDPOINT, header: process.env.IDENTITY_HEADER };

  beforeAll(async () => {
    await identity.start();
    await connector.start();
    // What App Service gives the process: the identity endpoint and its secret, no password.
    process.env.IDENTITY_ENDPOINT = identity.url;
    process.env.IDENTITY_HEADER = identity.secret;
  });
  afterAll(async () => {
    for (const [name, value] of [
      ['IDENTITY_ENDPOINT', saved.endpoint],
      ['IDENTITY_HEADER', saved.header],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await connector.stop();
    await identity.stop();
  });

  it('sends a proactive message with a Bot Framework token from the identity endpoint', async () => {
    const adapter = createAdapter(
      { appId: CLIENT_ID, appPassword: undefined, appType: 'UserAssignedMSI', tenantId: identity.tenantId },
      createLogger('silent'),
      5000,
    );
    const reference: Partial<ConversationReference> = {
      serviceUrl: connector.url,
      channelId: 'msteams',
      conversation: { id: 'a:personal-msi', conversationType: 'personal', isGroup: false, name: '' },
      bot: { id: `28:${CLIENT_ID}`, name: '' },
      user: { id: '29:student', name: '' },
    };
    await adapter.continueConversationAsync(CLIENT_ID, reference, async (context) => {
      await context.sendActivity('Herinnering');
    });
    expect(identity.requests).toContainEqual(
      expect.objectContaining({ resource: 'https://api.botframework.com', clientId: CLIENT_ID }),
    );
    const sent = connector.calls.filter((call) => call.method === 'POST');
    expect(sent).toHaveLength(1);
    const token = sent[0]?.authorization?.replace(/^Bearer /, '') ?? '';
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
      aud?: string;
    };
    expect(claims.aud).toBe('https://api.botframework.com');
  });
});
