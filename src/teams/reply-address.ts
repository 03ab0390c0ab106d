import type { Activity } from 'botbuilder';
import { z } from 'zod';

// The fields a reply is addressed with, typed as the Bot Connector's serializer demands them. An
// activity that breaks them cannot be answered, and its reference must not be kept for later sends.
const account = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  aadObjectId: z.string().optional(),
  role: z.string().optional(),
});

const address = z.object({
  // A reply takes these from the activity it answers.
  id: z.string().optional(),
  channelId: z.string().min(1),
  locale: z.string().optional(),
  serviceUrl: z.string().url(),
  from: account,
  recipient: account,
  conversation: z.object({
    id: z.string().min(1),
    name: z.string().optional(),
    conversationType: z.string().optional(),
    tenantId: z.string().optional(),
    isGroup: z.boolean().optional(),
    aadObjectId: z.string().optional(),
    role: z.string().optional(),
  }),
});

/** Whether a reply to this activity can be sent: its sender, bot and chat are all named as Teams names them. */
export function canReply(activity: Partial<Activity>): boolean {
  return address.safeParse(activity).success;
}
