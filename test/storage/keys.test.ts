import { createHash, createHmac } from 'node:crypto';
import { KeyHasher } from '../../src/storage/keys';

const SECRET = 'a-school-secret-of-at-least-32-characters';

describe('KeyHasher', () => {
  it('keys e-mail hashes with the secret (HMAC-SHA256), so hashing a guessed address does not find them', () => {
    const key = KeyHasher.keyed(SECRET).emailKey(' Sanne.Jansen@Student.example.org ');
    expect(key).toBe(
      createHmac('sha256', SECRET).update('email:sanne.jansen@student.example.org').digest('hex'),
    );
    expect(key).not.toBe(createHash('sha256').update('email:sanne.jansen@student.example.org').digest('hex'));
    expect(KeyHasher.keyed(`${SECRET}!`).emailKey('sanne.jansen@student.example.org')).not.toBe(key);
  });

  it('keys placement ids the same way: 32 hex characters, the same for the same student, qualification and start', () => {
    const keys = KeyHasher.keyed(SECRET);
    const id = keys.placementKey('sanne@example.org', 'ict-beheerder', '2026-09-01');
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(keys.placementKey('SANNE@example.org', 'ict-beheerder', '2026-09-01')).toBe(id);
    expect(keys.placementKey('sanne@example.org', 'ict-beheerder', '2027-09-01')).not.toBe(id);
    expect(
      KeyHasher.keyed(`${SECRET}-2`).placementKey('sanne@example.org', 'ict-beheerder', '2026-09-01'),
    ).not.toBe(id);
  });

  it('never makes the plain hash of an address, which anyone could compute from a guess', () => {
    expect(KeyHasher.keyed(SECRET).emailKey('sanne@example.org')).not.toBe(
      createHash('sha256').update('email:sanne@example.org').digest('hex'),
    );
  });
});
