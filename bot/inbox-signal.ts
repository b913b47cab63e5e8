// Wakes this process's inbox worker when a webhook stored an event; other processes poll.
import { EventEmitter } from 'node:events';

export const inboxSignal = new EventEmitter().setMaxListeners(0);
