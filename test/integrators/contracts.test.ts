// (a) The integrator's adapters pass the contract suites the project's own adapters pass.
// #region contract
import { randomUUID } from 'node:crypto';
import { describe } from 'vitest';
import { eventBusContract } from '../../src/application/ports/event-bus.contract.js';
import { loginThrottleContract } from '../../src/application/ports/login-throttle.contract.js';
import { BroadcastChannelAnnouncer, BroadcastChannelEventBus } from './broadcast-channel-event-bus.js';
import { SlidingWindowLoginThrottle } from './sliding-window-login-throttle.js';

loginThrottleContract('SlidingWindowLoginThrottle', async (limits) => new SlidingWindowLoginThrottle(limits));

describe('BroadcastChannelEventBus', () => {
  eventBusContract(async () => {
    const name = `orderly-events-${randomUUID()}`; // one channel per test: nothing leaks between them
    const announcer = new BroadcastChannelAnnouncer(name);
    return {
      bus: new BroadcastChannelEventBus(name),
      commit: async (id) => announcer.announce(id),
      dispose: async () => announcer.close(),
    };
  });
});
// #endregion contract
