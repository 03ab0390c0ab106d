/** A storage service of a loopback Azurite connection string. */
export type StorageService = 'Table' | 'Queue';

/** The port of a service's endpoint in a loopback Azurite connection string. */
export function endpointPort(connectionString: string, service: StorageService = 'Table'): number {
  const match = new RegExp(`${service}Endpoint=http://127\\.0\\.0\\.1:(\\d+)`).exec(connectionString);
  if (!match?.[1]) throw new Error(`no ${service} endpoint in the connection string`);
  return Number(match[1]);
}

/** The connection string with a service's endpoint moved to `port` (a proxy in front of Azurite). */
export function throughPort(
  connectionString: string,
  port: number,
  service: StorageService = 'Table',
): string {
  return connectionString.replace(
    new RegExp(`(${service}Endpoint=http://127\\.0\\.0\\.1:)\\d+`),
    `$1${port}`,
  );
}
