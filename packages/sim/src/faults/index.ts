// REST fault injection for the local exchange (the socket's own lives in ../ws/admin.ts).
export { addHttpFault, clearHttpFaults, httpFaultSchema, listHttpFaults } from './admin.js';
export { faultAfter, faultBefore, injectedStatus, type FaultOutcome } from './apply.js';
export { closeHttpFaults, httpFaultsOf, HttpFaults, type FaultTarget, type HttpFault, type HttpFaultSpec } from './store.js';
