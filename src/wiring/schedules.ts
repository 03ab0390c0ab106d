import type { Logger } from '../logger';
import {
  type RetentionSchedule,
  createRetentionSchedule as retentionSchedule,
} from '../scheduler/retention-schedule';
import { PersonalDataRepository } from '../storage/personal-data-repository';
import { PlacementRepository } from '../storage/placement-repository';
import { ReminderRepository } from '../storage/reminder-repository';
import type { TableStore } from '../storage/table-store';

/** The nightly retention purge over one table store, its lease in the reminder table. */
export function createRetentionSchedule(options: {
  store: TableStore;
  months: number;
  timeZone: string;
  logger: Logger;
  now?: () => Date;
  instanceId?: string;
}): RetentionSchedule {
  const { store, ...rest } = options;
  return retentionSchedule({
    ...rest,
    leases: new ReminderRepository(store),
    purge: { placements: new PlacementRepository(store), personalData: new PersonalDataRepository(store) },
  });
}
