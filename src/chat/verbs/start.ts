import { defineCommandVerb } from '../verb-entry';
import { Verb } from '../verbs';

/** Begin, or continue exactly where one left off: the same as typing `start`. */
export const start = defineCommandVerb({ name: Verb.start, command: 'start' });
