import { z } from 'zod';
import { optionalText } from './common-settings';

/** Where traces and metrics go (Application Insights), and which share of them is kept. */
export const telemetrySettingsShape = {
  APPLICATIONINSIGHTS_CONNECTION_STRING: optionalText
    .refine(
      (value) => value === undefined || /(^|;)\s*InstrumentationKey=[^;]+/i.test(value),
      'must be an Application Insights connection string (InstrumentationKey=…;IngestionEndpoint=…)',
    )
    .describe('Send telemetry to this Application Insights resource; nothing is sent without it.'),
  APPLICATIONINSIGHTS_SAMPLING_RATIO: z.coerce
    .number()
    .min(0)
    .max(1)
    .default(1)
    .describe(
      'Share of operations (0 to 1) whose requests and dependencies are kept; metrics are not sampled.',
    ),
};

/** Application Insights; undefined when nothing is to be sent. */
export const telemetrySettings = z.object(telemetrySettingsShape).transform((e) =>
  e.APPLICATIONINSIGHTS_CONNECTION_STRING
    ? {
        connectionString: e.APPLICATIONINSIGHTS_CONNECTION_STRING,
        /** 0 to 1: the fraction of operations whose telemetry is sent. */
        samplingRatio: e.APPLICATIONINSIGHTS_SAMPLING_RATIO,
      }
    : undefined,
);

export type TelemetryConfig = NonNullable<z.output<typeof telemetrySettings>>;
