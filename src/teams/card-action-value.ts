import { type InvokeResponse, StatusCodes } from 'botbuilder';

const ERROR_CONTENT_TYPE = 'application/vnd.microsoft.error';

/**
 * The SDK reads `value.action.type` of an `adaptiveCard/action` invoke without checking that
 * `action` is there, and a TypeError then leaves the invoke unanswered (a 501). A value without an
 * action object is refused here with the 400 the SDK gives for other malformed values.
 */
export function malformedCardAction(value: unknown): InvokeResponse | undefined {
  const action = value && typeof value === 'object' ? (value as { action?: unknown }).action : undefined;
  if (action && typeof action === 'object' && !Array.isArray(action)) return undefined;
  return {
    status: StatusCodes.BAD_REQUEST,
    body: {
      statusCode: StatusCodes.BAD_REQUEST,
      type: ERROR_CONTENT_TYPE,
      value: { code: 'BadRequest', message: 'Missing action in value' },
    },
  };
}
