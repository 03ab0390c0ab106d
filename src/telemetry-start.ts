// Imported first by the process entries (server, reminders command): telemetry has to be running
// before the modules it instruments are loaded. A wrong setting reads as "off" here and is
// reported by loadConfig right after.
import { loadTelemetryConfig } from './config';
import { startTelemetry, stopTelemetry } from './telemetry';

const config = loadTelemetryConfig(process.env);
startTelemetry(config);
// A command that ends on its own leaves buffered telemetry behind unless it is flushed here.
if (config) process.once('beforeExit', () => void stopTelemetry());
