import {
  AuthenticationError,
  AuthenticationRequiredError,
  CredentialUnavailableError,
} from '@azure/identity';
import type { AppInstaller, InstallAttempt } from '../services/app-install-ports';
import type { GraphAnswer, GraphClient } from './graph-client';

/**
 * A 403 that names the app's missing permission (Teams: "Missing role permissions on the
 * request…"; directory: `Authorization_RequestDenied`, "Insufficient privileges…") concerns every
 * install; any other 403 concerns the person (a guest, no Teams licence, an app policy).
 */
function isPermissionRefusal(answer: GraphAnswer): boolean {
  return (
    answer.code === 'Authorization_RequestDenied' ||
    /missing role permissions|insufficient privileges/i.test(answer.message ?? '')
  );
}

/** The code of an attempt that got no token: the bot could not sign in to Graph. */
export const SIGN_IN_FAILED = 'SignInFailed';

/** What Graph's answer to `POST /users/{id}/teamwork/installedApps` means for the person. */
export function installAttempt(answer: GraphAnswer): InstallAttempt {
  const detail = { status: answer.status, ...(answer.code ? { code: answer.code } : {}) };
  if (answer.status === 201 || answer.status === 200 || answer.status === 204)
    return { outcome: 'installed' };
  if (answer.status === 409) return { outcome: 'already-installed' };
  if (answer.status === 404) return { outcome: 'no-account', ...detail };
  if (answer.status === 403) {
    return { outcome: isPermissionRefusal(answer) ? 'permission-missing' : 'not-installable', ...detail };
  }
  // 401: the token itself was refused; like a missing permission, nobody will get the app.
  if (answer.status === 401) return { outcome: 'permission-missing', ...detail };
  return { outcome: 'failed', ...detail };
}

/**
 * Installs the app, by its id in the organisation's app catalog, in a user's personal scope
 * (application permission `TeamsAppInstallation.ReadWriteSelfForUser.All`).
 */
export class TeamsAppInstaller implements AppInstaller {
  constructor(
    private readonly graph: GraphClient,
    private readonly catalogId: string,
  ) {}

  async install(user: string): Promise<InstallAttempt> {
    try {
      const answer = await this.graph.post(`/users/${encodeURIComponent(user)}/teamwork/installedApps`, {
        'teamsApp@odata.bind': `${this.graph.baseUrl}/appCatalogs/teamsApps/${encodeURIComponent(this.catalogId)}`,
      });
      return installAttempt(answer);
    } catch (error) {
      // No token means no install for anyone: stop, as for a missing permission.
      if (
        error instanceof AuthenticationError ||
        error instanceof AuthenticationRequiredError ||
        error instanceof CredentialUnavailableError
      ) {
        return { outcome: 'permission-missing', status: 401, code: SIGN_IN_FAILED };
      }
      // Graph out of reach past the retries: this person is tried again on the next run.
      return { outcome: 'failed', status: 0, code: error instanceof Error ? error.name : 'Error' };
    }
  }
}
