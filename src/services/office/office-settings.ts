import { z } from 'zod';
import { guid, lowerCaseList, optionalText } from '../../common-settings';

/**
 * Who the BPV office is, and which files its members send the bot are fetched. Part of the
 * configuration (src/config.ts reads the environment); imports nothing of the office's use cases.
 */
export const officeSettingsShape = {
  BPV_OFFICE_USERS: optionalText
    .refine(
      (value) => value === undefined || value.split(',').every((id) => guid.test(id.trim())),
      'must be a comma-separated list of Entra object ids (GUIDs)',
    )
    .describe(
      "Entra object ids of the BPV office's members, comma-separated: they may upload placements and qualification forms, see the term's overview, export, erase and rebind in the chat.",
    ),
  BPV_OFFICE_GROUP_ID: optionalText
    .refine(
      (value) => value === undefined || guid.test(value),
      'must be the object id (GUID) of an Entra security group',
    )
    .describe(
      "Object id of an Entra security group whose members are the BPV office (read through Graph with the bot's identity, kept for minutes).",
    ),
  FILE_DOWNLOAD_HOSTS: optionalText
    .refine(
      (value) =>
        value === undefined ||
        value
          .split(',')
          .every((host) =>
            /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i.test(host.trim()),
          ),
      'must be a comma-separated list of host names, e.g. contoso.sharepoint.com,*.sharepoint.com',
    )
    .describe(
      'Hosts a file sent to the bot may be fetched from (`*.example.com` allows every host below it); `*.sharepoint.com` when unset. Outside production loopback too.',
    ),
  FILE_UPLOAD_MAX_BYTES: z.coerce
    .number({ invalid_type_error: 'must be a whole number of bytes' })
    .int('must be a whole number of bytes')
    .min(1024, 'must be at least 1024 bytes')
    .max(50 * 1024 * 1024, 'must be at most 52428800 bytes (50 MB)')
    .default(10 * 1024 * 1024)
    .describe('The largest file the bot fetches from a chat upload, in bytes.'),
};

/** Where Teams keeps files sent in a personal chat: the tenant's OneDrive and SharePoint. */
export const DEFAULT_FILE_DOWNLOAD_HOSTS = ['*.sharepoint.com'];

export const officeSettings = z.object(officeSettingsShape).transform((e) => ({
  /** `BPV_OFFICE_USERS`: Entra object ids (lower case) of office members. */
  users: lowerCaseList(e.BPV_OFFICE_USERS) as readonly string[],
  /** `BPV_OFFICE_GROUP_ID`: an Entra security group whose members are office members (read through Graph). */
  groupId: e.BPV_OFFICE_GROUP_ID?.toLowerCase(),
  /**
   * `FILE_DOWNLOAD_HOSTS`: hosts an uploaded file may be fetched from; `*.example.com` allows every
   * host below example.com. Outside production the configuration adds loopback.
   */
  downloadHosts: (e.FILE_DOWNLOAD_HOSTS
    ? lowerCaseList(e.FILE_DOWNLOAD_HOSTS)
    : DEFAULT_FILE_DOWNLOAD_HOSTS) as readonly string[],
  /** `FILE_UPLOAD_MAX_BYTES`: the largest file the bot fetches. */
  uploadMaxBytes: e.FILE_UPLOAD_MAX_BYTES,
}));

/** Who the BPV office is, and which uploaded files the bot fetches. */
export type OfficeConfig = z.output<typeof officeSettings>;
