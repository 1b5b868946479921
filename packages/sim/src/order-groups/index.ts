// Order groups: state (store.ts), rules and the fill hook (service.ts), WebSocket events (events.ts).
export { announce, type GroupEvent, type GroupEventType } from './events.js';
export {
  checkOrderGroup,
  createGroup,
  deleteGroup,
  installOrderGroups,
  MAX_GROUPS_PER_USER,
  ownGroup,
  resetGroup,
  restingMembers,
  triggerGroup,
  updateLimit,
} from './service.js';
export { orderGroupStore, WINDOW_MS, type OrderGroupRow } from './store.js';
