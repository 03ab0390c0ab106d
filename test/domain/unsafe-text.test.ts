import { dateRangesOverlap } from '../../src/domain/placement-overlap';
import { findUnsafeCharacter } from '../../src/domain/unsafe-text';

describe('findUnsafeCharacter', () => {
  it.each([
    ['Renée Müller-Çelik', undefined],
    ['Ñandú\u00a0B.V.', undefined], // a no-break space is ordinary text
    ['Fatima El Amrani', undefined],
    ['محمد', undefined],
    ['a\u0000b', { position: 2, codePoint: 'U+0000' }],
    ['\tSanne', { position: 1, codePoint: 'U+0009' }],
    ['Sanne\r\n', { position: 6, codePoint: 'U+000D' }],
    ['x\u007f', { position: 2, codePoint: 'U+007F' }],
    ['x\u0085', { position: 2, codePoint: 'U+0085' }],
    ['x\u009f', { position: 2, codePoint: 'U+009F' }],
    ['x\u061c', { position: 2, codePoint: 'U+061C' }],
    ['x\u200e', { position: 2, codePoint: 'U+200E' }],
    ['x\u200f', { position: 2, codePoint: 'U+200F' }],
    ['x\u2028', { position: 2, codePoint: 'U+2028' }],
    ['Bedrijf\u2029BV', { position: 8, codePoint: 'U+2029' }],
    ['x\u202a', { position: 2, codePoint: 'U+202A' }],
    ['x\u202e', { position: 2, codePoint: 'U+202E' }],
    ['x\u2066', { position: 2, codePoint: 'U+2066' }],
    ['x\u2069', { position: 2, codePoint: 'U+2069' }],
  ])('%j → %j', (text, expected) => {
    expect(findUnsafeCharacter(text)).toEqual(expected);
  });
});

describe('dateRangesOverlap', () => {
  const first = { startDate: '2026-09-01', endDate: '2027-01-31' };
  it.each([
    [{ startDate: '2027-01-31', endDate: '2027-06-30' }, true],
    [{ startDate: '2027-02-01', endDate: '2027-06-30' }, false],
    [{ startDate: '2026-01-01', endDate: '2026-08-31' }, false],
    [{ startDate: '2026-01-01', endDate: '2026-09-01' }, true],
    [{ startDate: '2026-10-01', endDate: '2026-11-01' }, true],
    [{ startDate: '2026-01-01', endDate: '2027-12-31' }, true],
  ])('%j overlaps 2026-09-01 – 2027-01-31: %s', (other, expected) => {
    expect(dateRangesOverlap(first, other)).toBe(expected);
    expect(dateRangesOverlap(other, first)).toBe(expected);
  });
});
