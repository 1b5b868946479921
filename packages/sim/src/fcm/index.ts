export { capDate, dayStartMs, used, utilization, worstCaseCost, type Utilization } from './cap.js';
export { installFcmOrderGuards } from './guard.js';
export { fcmStore, type FcmStore, type SubtraderRow } from './store.js';
