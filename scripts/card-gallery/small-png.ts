import { PNG } from 'pngjs';
import UPNG from 'upng-js';

/**
 * The same picture as a palette PNG of at most 256 colours: a card is flat colours and anti-aliased
 * text, which 256 colours keep sharp at well under half the size of Chromium's full-colour PNG.
 */
export function smallPng(png: Buffer): Buffer {
  const image = PNG.sync.read(png);
  const pixels = image.data.buffer.slice(image.data.byteOffset, image.data.byteOffset + image.data.length);
  return Buffer.from(UPNG.encode([pixels as ArrayBuffer], image.width, image.height, 256));
}
