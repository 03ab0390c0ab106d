import { defineCommandVerb } from '../verb-entry';
import { Verb } from '../verbs';

/** How it works: the same as typing `help`. */
export const help = defineCommandVerb({ name: Verb.help, command: 'help' });
