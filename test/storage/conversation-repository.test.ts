import {
  CONVERSATION_WRITE_WINDOW_MS,
  ConversationRepository,
} from '../../src/storage/conversation-repository';
import type { TableStore } from '../../src/storage/table-store';
import { freshStore } from '../support/bot-harness';

const ID = 'a1a1a1a1-0000-4000-8000-000000000001';
const reference = (activityId: string, locale = 'nl-NL') => ({
  activityId,
  user: { id: `29:${ID}`, aadObjectId: ID, name: 'Sanne' },
  bot: { id: '28:bpv-bot', name: 'BPV-afspraken' },
  conversation: { id: `a:personal-${ID}`, conversationType: 'personal' },
  channelId: 'msteams',
  serviceUrl: 'https://smba.trafficmanager.net/emea/',
  locale,
});
const at = (minutes: number) => new Date(Date.UTC(2026, 10, 30, 9, minutes));

let store: TableStore;
beforeAll(async () => {
  store = await freshStore();
});

describe('ConversationRepository.save', () => {
  it('writes a reference once: the same chat from the next message is not written again', async () => {
    const repository = new ConversationRepository(store);
    await repository.save(ID, reference('m1'), at(0));
    await repository.save(ID, reference('m2'), at(1));
    const stored = await repository.get(ID);
    expect(stored?.updatedAt).toBe(at(0).toISOString());
    expect(stored?.reference).toMatchObject({ activityId: 'm1', locale: 'nl-NL' });
  });

  it('writes a changed reference, a forced one and one older than the window', async () => {
    const repository = new ConversationRepository(store);
    await repository.save(ID, reference('m1'), at(0));
    await repository.save(ID, reference('m2', 'en-US'), at(1));
    expect((await repository.get(ID))?.reference).toMatchObject({ activityId: 'm2', locale: 'en-US' });
    await repository.save(ID, reference('m3', 'en-US'), at(2), { force: true });
    expect((await repository.get(ID))?.updatedAt).toBe(at(2).toISOString());
    const later = new Date(at(2).getTime() + CONVERSATION_WRITE_WINDOW_MS);
    await repository.save(ID, reference('m4', 'en-US'), later);
    expect((await repository.get(ID))?.updatedAt).toBe(later.toISOString());
  });

  it('writes again after the chat was marked unreachable: the next message reactivates it', async () => {
    const repository = new ConversationRepository(store);
    await repository.save(ID, reference('m1'), at(0));
    await repository.markInactive(ID, 'http_403', at(1));
    await repository.save(ID, reference('m2'), at(2));
    expect(await repository.get(ID)).toMatchObject({ active: true, updatedAt: at(2).toISOString() });
  });

  it('writes again after another repository in the process marked the chat unreachable (the reminder worker’s)', async () => {
    const bot = new ConversationRepository(store);
    const worker = new ConversationRepository(store);
    await bot.save(ID, reference('m1'), at(0));
    await worker.markInactive(ID, 'http_403', at(1));
    await bot.save(ID, reference('m2'), at(2));
    expect(await bot.get(ID)).toMatchObject({ active: true, updatedAt: at(2).toISOString() });
  });
});
