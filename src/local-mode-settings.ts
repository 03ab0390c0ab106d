import { z } from 'zod';
import { optionalText } from './common-settings';

/**
 * The settings of local mode (`npm start` in a checkout). Beside the configuration rather than in
 * src/local/, which the production build leaves out: the server knows these names, so that a
 * misspelling is refused there too, and reads nothing else of local mode.
 */
export const localModeSettingsShape = {
  PLAYGROUND: z
    .enum(['on', 'off'])
    .default('on')
    .describe('`off` skips the Agents Playgrounds in local mode.'),
  DEMO_LOCALE: z
    .enum(['nl', 'en'])
    .default('nl')
    .describe("Language of the local demo's Playground users (the Playground itself says en-US)."),
  LOCAL_DATA_DIR: optionalText.describe(
    "Folder of local mode's Azurite data and kept ports; this checkout's `.data/` when unset.",
  ),
};

export const localModeSettings = z.object(localModeSettingsShape).transform((e) => ({
  playground: e.PLAYGROUND === 'on',
  /** Language of the local demo's Playground users, whatever locale the Playground reports (`DEMO_LOCALE`). */
  demoLocale: e.DEMO_LOCALE,
  /** Folder of local mode's data and Azurite ports (`LOCAL_DATA_DIR`); this checkout's `.data/` when unset. */
  localDataDir: e.LOCAL_DATA_DIR,
}));

export type LocalModeSettings = z.output<typeof localModeSettings>;
