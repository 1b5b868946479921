import type { Handlers } from '../server/handler.js';
import { DAY, iso } from '../seed/format.js';

const ALL_DAY = [{ open_time: '00:00', close_time: '23:59' }];

export const exchangeHandlers: Handlers = {
  GetExchangeStatus: ({ exchange }) => ({
    body: {
      exchange_active: exchange.status.exchangeActive,
      trading_active: exchange.status.tradingActive,
      exchange_estimated_resume_time: null,
    },
  }),

  // The simulator trades around the clock with no maintenance; the week shown is the current one.
  GetExchangeSchedule: ({ exchange }) => {
    const today = Math.floor(exchange.clock.now() / DAY) * DAY;
    return {
      body: {
        schedule: {
          standard_hours: [
            {
              start_time: iso(today - 7 * DAY),
              end_time: iso(today + 365 * DAY),
              monday: ALL_DAY,
              tuesday: ALL_DAY,
              wednesday: ALL_DAY,
              thursday: ALL_DAY,
              friday: ALL_DAY,
              saturday: ALL_DAY,
              sunday: ALL_DAY,
            },
          ],
          maintenance_windows: [],
        },
      },
    };
  },
};
