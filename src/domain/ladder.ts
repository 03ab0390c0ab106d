/**
 * The ladder an open item climbs while it stays open: its person (the reminders), then the other
 * party (student ↔ trainer), the supervisor, and the BPV coordinator.
 */
export type LadderRung = 'person' | 'other_party' | 'supervisor' | 'coordinator';

/** The rungs above the person, in the order an item reaches them. */
export type EscalationRung = Exclude<LadderRung, 'person'>;
