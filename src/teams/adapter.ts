import { trace } from '@opentelemetry/api';
import {
  type Activity,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type InvokeResponse,
  StatusCodes,
  type TurnContext,
} from 'botbuilder';
import {
  type AuthenticateRequestResult,
  AuthenticationError,
  type ClaimsIdentity,
  type ConnectorFactory,
} from 'botframework-connector';
import type { BotAuthConfig } from '../config';
import type { Logger } from '../logger';

/** The adapter, with the one entry the HTTP endpoint needs: a parsed activity and its token. */
export class BotAdapter extends CloudAdapter {
  /** Authenticates `authorization` (unless running without credentials) and runs the turn. */
  handleActivity(
    authorization: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(authorization, activity, logic);
  }
}

type ConnectorClient = Awaited<ReturnType<ConnectorFactory['create']>>;
type PipelineRequestLike = { timeout: number };
type PipelineLike = {
  removePolicy(options: { name: string }): unknown;
  addPolicy(policy: {
    name: string;
    sendRequest(
      request: PipelineRequestLike,
      next: (request: PipelineRequestLike) => Promise<unknown>,
    ): Promise<unknown>;
  }): void;
};

/**
 * Gives every request of a connector client a deadline. The SDK offers no option for it (the
 * factory replaces any request policies it is given), so the policy goes onto the client's own
 * HTTP pipeline; a client without one fails loudly rather than running without a deadline.
 */
function withDeadline(client: ConnectorClient, timeoutMs: number, sdkRetries: boolean): ConnectorClient {
  const pipeline = (client as unknown as { client?: { pipeline?: PipelineLike } }).client?.pipeline;
  if (!pipeline) throw new Error('the connector client has no HTTP pipeline to set a deadline on');
  // Proactive sends are retried by the proactive channel, each try within Teams' limits; the
  // client's own retries (429 and 5xx, three times) would go past those limits and multiply the
  // channel's tries.
  if (!sdkRetries) pipeline.removePolicy({ name: 'defaultRetryPolicy' });
  pipeline.addPolicy({
    name: 'connectorDeadline',
    sendRequest: (request, next) => {
      request.timeout = timeoutMs;
      return next(request);
    },
  });
  return client;
}

/**
 * Whatever stops a token from being validated — a bad signature, an algorithm the SDK does not
 * take (`none`, HS256), a token that is no JWT, the OpenID metadata out of reach — means the caller
 * is not known: a 401, never a 500 with a stack trace.
 */
function asAuthenticationError(error: unknown): AuthenticationError {
  if (error instanceof AuthenticationError) return error;
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new AuthenticationError(`token not validated (${reason.slice(0, 100)})`, StatusCodes.UNAUTHORIZED);
}

/**
 * Every call to the Teams connector gets a deadline: a connector that accepts the connection and
 * then never answers would otherwise hold the turn, and the person's answer, indefinitely.
 */
class DeadlineAuthentication extends ConfigurationBotFrameworkAuthentication {
  constructor(
    options: ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[0],
    private readonly timeoutMs: number,
  ) {
    super(options);
  }

  // Turns take their connector from the authentication result, proactive sends from the factory.
  override async authenticateRequest(
    activity: Activity,
    authHeader: string,
  ): Promise<AuthenticateRequestResult> {
    let result: AuthenticateRequestResult;
    try {
      result = await super.authenticateRequest(activity, authHeader);
    } catch (error) {
      throw asAuthenticationError(error);
    }
    const inner = result.connectorFactory;
    return inner ? { ...result, connectorFactory: this.deadlineFactory(inner, true) } : result;
  }

  override createConnectorFactory(identity: ClaimsIdentity): ConnectorFactory {
    return this.deadlineFactory(super.createConnectorFactory(identity), false);
  }

  private deadlineFactory(inner: ConnectorFactory, sdkRetries: boolean): ConnectorFactory {
    const timeoutMs = this.timeoutMs;
    return {
      async create(serviceUrl: string, audience?: string) {
        return withDeadline(await inner.create(serviceUrl, audience), timeoutMs, sdkRetries);
      },
    };
  }
}

/**
 * The Bot Framework adapter. With credentials it validates every incoming JWT and signs outgoing
 * calls; without (local mode, tests, Agents Playground) it does neither.
 */
export function createAdapter(
  auth: BotAuthConfig | undefined,
  logger: Logger,
  connectorTimeoutMs: number,
): BotAdapter {
  const authentication = new DeadlineAuthentication(
    auth
      ? {
          MicrosoftAppId: auth.appId,
          MicrosoftAppPassword: auth.appPassword,
          MicrosoftAppType: auth.appType,
          MicrosoftAppTenantId: auth.tenantId,
        }
      : {},
    connectorTimeoutMs,
  );
  const adapter = new BotAdapter(authentication);
  adapter.onTurnError = async (context, error) => {
    trace.getActiveSpan()?.recordException(error);
    logger.error(
      { err: error, conversationId: context.activity.conversation?.id, activityId: context.activity.id },
      'unhandled error in turn',
    );
  };
  return adapter;
}
