import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type AzuriteHandle, startAzurite } from '../../src/local/azurite';
import { projectRoot } from '../../src/project-root';
import { loopbackCertificate } from '../support/certificate';
import { IdentityEndpoint } from '../support/identity-endpoint';

jest.setTimeout(120_000);

const ROOT = projectRoot();
const PLACEMENTS = path.join(ROOT, 'dist', 'src', 'cli', 'placements.js');
const CSV = path.join(ROOT, 'test', 'fixtures', 'placements.csv');

/** The bash block of step 5 "From a laptop" in docs/deploy.md, as written there. */
function documentedStep(): { variables: string[]; command: string[] } {
  const doc = readFileSync(path.join(ROOT, 'docs', 'deploy.md'), 'utf8');
  const step = doc.slice(doc.indexOf('## 5. Load the placements'), doc.indexOf('## Updating'));
  const laptop = step.slice(step.indexOf('**From a laptop (IT).**'));
  const block = /```bash\n([\s\S]*?)```/.exec(laptop)?.[1] ?? '';
  const lines = block.split('\n').filter(Boolean);
  const variables = lines.flatMap((line) => /^export ([A-Z_]+)=/.exec(line)?.[1] ?? []);
  const npm = lines.find((line) => line.startsWith('npm run placements'));
  if (!npm) throw new Error('no npm run placements line in step 5');
  return { variables, command: npm.split(' -- ')[1]?.split(' ') ?? [] };
}

let work: string;
let azurite: AzuriteHandle;
let identity: IdentityEndpoint;
let certificate: ReturnType<typeof loopbackCertificate>;

beforeAll(async () => {
  if (!existsSync(PLACEMENTS))
    throw new Error(`${PLACEMENTS} is missing: npm test builds it first (npm run build)`);
  work = mkdtempSync(path.join(tmpdir(), 'bpv-deploy-step-'));
  certificate = loopbackCertificate(work);
  azurite = await startAzurite({
    tls: { cert: certificate.certPath, key: certificate.keyPath },
    oauth: true,
  });
  identity = new IdentityEndpoint();
  await identity.start();
});
afterAll(async () => {
  await identity?.stop();
  await azurite?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

function run(args: string[], env: Record<string, string>): Promise<{ code: number; output: string }> {
  const child = spawn(process.execPath, [PLACEMENTS, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code: code ?? -1, output })));
}

describe('docs/deploy.md, step 5: IT imports the placements from a laptop', () => {
  it('names only the storage account and the hash key, and the command runs as written against storage with Entra sign-in', async () => {
    const { variables, command } = documentedStep();
    expect(variables).toEqual(['STORAGE_ACCOUNT_NAME', 'EMAIL_HASH_KEY']);
    expect(command).toEqual(['import', 'placements.csv']);

    const documented: Record<string, string> = {
      STORAGE_ACCOUNT_NAME: 'devstoreaccount1',
      EMAIL_HASH_KEY: 'the-schools-own-key-0123456789abcdef',
    };
    // What this machine stands in for: the account's endpoints (Azurite's, with OAuth and TLS) and
    // the token source DefaultAzureCredential finds (here an identity endpoint instead of `az login`).
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: work,
      NODE_EXTRA_CA_CERTS: certificate.certPath,
      IDENTITY_ENDPOINT: identity.url,
      IDENTITY_HEADER: identity.secret,
      STORAGE_TABLE_ENDPOINT: azurite.tableEndpoint,
      STORAGE_QUEUE_ENDPOINT: azurite.queueEndpoint,
      LOG_LEVEL: 'warn',
      ...documented,
    };
    const args = command.map((arg) => (arg === 'placements.csv' ? CSV : arg));
    const imported = await run(args, env);
    expect(imported.output).toContain('nieuw: 2');
    expect(imported.code).toBe(0);
    expect(identity.requests.length).toBeGreaterThan(0);
    expect(JSON.stringify(env)).not.toMatch(/MicrosoftApp|ALLOWED_TENANT_IDS|AccountKey/);

    const listed = await run(['list'], env);
    expect(listed.output).toContain('2 stage(s)');
    // The keys were made with the documented key: with another, the stored people are not found.
    const other = await run(['rebind', 'sanne.jansen@student.example.org'], {
      ...env,
      EMAIL_HASH_KEY: 'another-key-0123456789abcdefghijkl',
    });
    expect(other.output).toContain('Dit adres heeft geen rol in een stage.');
  });
});
