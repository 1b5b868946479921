// Money moving outside of trading: subaccounts, deposits and withdrawals, the margined instance.
export { userFunds } from './admin.js';
export { transferBetweenInstances, type InstanceTransferRequest } from './instances.js';
export { recordFunding, type Funding } from './movements.js';
export { fundsStore, type AllocationRow, type CashMovementRow, type FundsStore, type Instance, type InstanceTransferRow, type SubaccountTransferRow } from './store.js';
export { createSubaccount, moveBetweenSubaccounts, requireShard, requireSubaccount, subaccountsOf } from './subaccounts.js';
