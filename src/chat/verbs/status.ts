import { defineCommandVerb } from '../verb-entry';
import { Verb } from '../verbs';

/** Per placement: round, state, who is to act, progress: the same as typing `status`. */
export const status = defineCommandVerb({ name: Verb.status, command: 'status' });
