import type { AzuriteHandle } from '../../src/local/azurite';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __AZURITE__?: AzuriteHandle }).__AZURITE__?.stop();
}
