import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as ACData from 'adaptivecards-templating';
import { projectRoot } from '../project-root';

/** An Adaptive Card as JSON, ready to send or to return from an invoke. */
export type AdaptiveCardJson = Record<string, unknown>;

export const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/** A button on a card: an `Action.Execute` with its verb and payload. */
export interface CardAction {
  title: string;
  verb: string;
  data: Record<string, unknown>;
  style?: 'positive' | 'destructive';
  /** `none` for a button that neither checks nor sends the card's inputs (agreeing needs no remark). */
  inputs?: 'none';
}

const templates = new Map<string, ACData.Template>();

/** The folder of card templates (`cards/` at the project root). */
export function cardsDir(): string {
  return path.join(projectRoot(), 'cards');
}

/** Expands `cards/<name>.json` with `data`. Templates are read once and cached. */
export function renderCard(name: string, data: object): AdaptiveCardJson {
  let template = templates.get(name);
  if (!template) {
    const json: unknown = JSON.parse(readFileSync(path.join(cardsDir(), `${name}.json`), 'utf8'));
    template = new ACData.Template(json);
    templates.set(name, template);
  }
  return template.expand({ $root: data }) as AdaptiveCardJson;
}
