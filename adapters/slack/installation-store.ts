// Multi-workspace OAuth keeps one installation (bot token, scopes) per Slack team. Bolt asks an
// InstallationStore for it; this one sits on a tiny key-value port that the core's SQLite store
// implements, so the adapter never touches the database itself.
import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import { CodedError } from '../../src/errors.ts';

/** The storage port the adapter needs for OAuth installs (synchronous, like the SQLite store). */
export interface KeyValueStore {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
  delete(key: string): void;
}

/** Raised when Bolt asks for a workspace that never installed the app (or uninstalled it). */
export class InstallationNotFoundError extends CodedError {
  constructor(message: string) {
    super('platform/slack-not-installed', message);
  }
}

const PREFIX = 'slack:installation:';
/** `slack:org-of-team:<T…>` → the Enterprise Grid org the workspace belongs to. */
const ORG_PREFIX = 'slack:org-of-team:';

/** Org-wide installs are keyed by enterprise, the usual ones by team. */
function installationKey(query: { teamId?: string | undefined; enterpriseId?: string | undefined; isEnterpriseInstall?: boolean | undefined }): string {
  if (query.isEnterpriseInstall && query.enterpriseId) return `${PREFIX}enterprise:${query.enterpriseId}`;
  if (query.teamId) return `${PREFIX}team:${query.teamId}`;
  throw new InstallationNotFoundError('Slack installation query names neither a team nor an enterprise');
}

/**
 * A Bolt InstallationStore over a KeyValueStore: installations stored as JSON under
 * `slack:installation:team:<T…>` (or `…enterprise:<E…>` for org installs).
 */
export function createKeyValueInstallationStore(store: KeyValueStore): InstallationStore & {
  deleteInstallation(query: InstallationQuery<boolean>): Promise<void>;
  /** Records that a workspace belongs to an Enterprise Grid org (seen on its commands). */
  rememberEnterprise(teamId: string, enterpriseId: string): void;
  /** The installation that covers a workspace: its own, else its org's org-wide one. */
  fetchForTeam(teamId: string): Promise<Installation>;
} {
  const fetchInstallation = async (query: InstallationQuery<boolean>): Promise<Installation> => {
    const key = installationKey(query);
    const raw = store.get(key);
    if (raw === undefined) {
      throw new InstallationNotFoundError(`No Slack installation for ${query.isEnterpriseInstall ? 'enterprise ' + query.enterpriseId : 'team ' + query.teamId}; install the app there first`);
    }
    return JSON.parse(raw) as Installation;
  };
  return {
    async storeInstallation(installation: Installation) {
      const key = installationKey({
        teamId: installation.team?.id,
        enterpriseId: installation.enterprise?.id,
        isEnterpriseInstall: installation.isEnterpriseInstall,
      });
      store.set(key, JSON.stringify(installation));
    },
    fetchInstallation,
    async deleteInstallation(query: InstallationQuery<boolean>) {
      store.delete(installationKey(query));
    },
    rememberEnterprise(teamId, enterpriseId) {
      if (store.get(`${ORG_PREFIX}${teamId}`) !== enterpriseId) store.set(`${ORG_PREFIX}${teamId}`, enterpriseId);
    },
    async fetchForTeam(teamId) {
      try {
        return await fetchInstallation({ teamId, enterpriseId: undefined, isEnterpriseInstall: false });
      } catch (error) {
        // An org-wide install has no per-workspace record: alerts reach the workspace through its org.
        const enterpriseId = store.get(`${ORG_PREFIX}${teamId}`);
        if (!(error instanceof InstallationNotFoundError) || !enterpriseId) throw error;
        return fetchInstallation({ teamId, enterpriseId, isEnterpriseInstall: true }).catch((orgError: unknown) => {
          throw orgError instanceof InstallationNotFoundError ? new InstallationNotFoundError(`No Slack installation for team ${teamId} or its org ${enterpriseId}; install the app there first`) : orgError;
        });
      }
    },
  };
}
