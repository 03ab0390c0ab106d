import { readFileSync } from 'node:fs';
import type { IncomingMessage, RequestOptions } from 'node:http';
import path from 'node:path';
import type { AzureMonitorOpenTelemetryOptions } from '@azure/monitor-opentelemetry';
import type { TelemetryConfig } from './config';
import { projectRoot } from './project-root';
import { telemetryRedaction } from './telemetry-redaction';

/** The cloud role name under which the bot's telemetry appears in Application Insights. */
export const ROLE_NAME = 'bpv-bot';

const IMDS_HOST = '169.254.169.254';

/** Incoming health probes and the resource detector's metadata lookups are noise, not traffic. */
const httpInstrumentation = {
  enabled: true,
  ignoreIncomingRequestHook: (request: IncomingMessage) => request.url?.startsWith('/healthz') ?? false,
  ignoreOutgoingRequestHook: (request: RequestOptions) =>
    request.hostname === IMDS_HOST || request.host?.split(':')[0] === IMDS_HOST,
};

let stop: (() => Promise<void>) | undefined;

/** The release's version, from package.json (one level above dist/ and src/ alike). */
const SERVICE_VERSION = (() => {
  try {
    return String(
      (JSON.parse(readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as { version?: unknown })
        .version,
    );
  } catch {
    return 'unknown';
  }
})();

/**
 * Sends requests, dependencies, exceptions and metrics to Application Insights. It has to run
 * before http and the Azure SDK are first loaded, since it instruments them as they load; the
 * process entries import `telemetry-start` first for that. Without settings nothing is loaded.
 */
export function startTelemetry(config: TelemetryConfig | undefined): void {
  if (!config || stop) return;
  // Loaded only when wanted: the SDK and its instrumentations cost start-up time and memory.
  const monitor = require('@azure/monitor-opentelemetry') as typeof import('@azure/monitor-opentelemetry');
  const { resourceFromAttributes } =
    require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
  const options: AzureMonitorOpenTelemetryOptions = {
    azureMonitorExporterOptions: { connectionString: config.connectionString },
    // deployment.environment.name comes from OTEL_RESOURCE_ATTRIBUTES (infra/main.bicep).
    resource: resourceFromAttributes({ 'service.name': ROLE_NAME, 'service.version': SERVICE_VERSION }),
    samplingRatio: config.samplingRatio,
    // The default is a rate limit of 5 traces per second, which would ignore samplingRatio.
    tracesPerSecond: 0,
    // Live Metrics streams request and exception details to a second endpoint as they happen.
    enableLiveMetrics: false,
    spanProcessors: [telemetryRedaction()],
    instrumentationOptions: {
      http: httpInstrumentation,
      azureSdk: { enabled: true },
      mongoDb: { enabled: false },
      mySql: { enabled: false },
      postgreSql: { enabled: false },
      redis: { enabled: false },
      redis4: { enabled: false },
      bunyan: { enabled: false },
      winston: { enabled: false },
    },
  };
  monitor.useAzureMonitor(options);
  stop = () => monitor.shutdownAzureMonitor();
}

/** Sends what is still buffered and stops; nothing to do when telemetry is off. */
export async function stopTelemetry(): Promise<void> {
  const pending = stop;
  stop = undefined;
  await pending?.().catch(() => undefined);
}
