import type { OperationId } from '../generated/catalog.js';

/**
 * Which SDK method calls each catalog operation, as a dotted path from the client
 * (`kalshi.markets.list` is 'markets.list'). Hand-written and typed against the catalog, so a new
 * operation in a regenerated spec fails the typecheck until it has a method; the coverage test
 * calls every entry and checks the request it sends.
 */
export const OPERATION_METHODS: Record<OperationId, string> = {
  // exchange
  GetExchangeStatus: 'exchange.status',
  GetExchangeSchedule: 'exchange.schedule',
  GetUserDataTimestamp: 'exchange.userDataTimestamp',
  GetSeriesFeeChanges: 'exchange.seriesFeeChanges',

  // markets and series
  GetMarkets: 'markets.list',
  GetMarket: 'markets.get',
  GetMarketOrderbook: 'markets.orderbook',
  GetMarketOrderbooks: 'markets.orderbooks',
  GetTrades: 'markets.trades',
  GetMarketCandlesticks: 'markets.candlesticks',
  BatchGetMarketCandlesticks: 'markets.batchCandlesticks',
  GetSeriesList: 'series.list',
  GetSeries: 'series.get',

  // events
  GetEvents: 'events.list',
  GetEvent: 'events.get',
  GetEventMetadata: 'events.metadata',
  GetMultivariateEvents: 'events.listMultivariate',
  GetEventFeeChanges: 'events.feeChanges',
  GetMarketCandlesticksByEvent: 'events.candlesticks',
  GetEventForecastPercentilesHistory: 'events.forecastPercentileHistory',

  // orders
  GetOrders: 'orders.list',
  GetOrder: 'orders.get',
  GetOrderQueuePositions: 'orders.queuePositions',
  GetOrderQueuePosition: 'orders.queuePosition',
  CreateOrderV2: 'orders.create',
  BatchCreateOrdersV2: 'orders.batchCreate',
  CancelOrderV2: 'orders.cancel',
  BatchCancelOrdersV2: 'orders.batchCancel',
  CancelAllOrders: 'orders.cancelAll',
  AmendOrderV2: 'orders.amend',
  DecreaseOrderV2: 'orders.decrease',

  // order groups
  GetOrderGroups: 'orderGroups.list',
  GetOrderGroup: 'orderGroups.get',
  CreateOrderGroup: 'orderGroups.create',
  DeleteOrderGroup: 'orderGroups.delete',
  ResetOrderGroup: 'orderGroups.reset',
  TriggerOrderGroup: 'orderGroups.trigger',
  UpdateOrderGroupLimit: 'orderGroups.updateLimit',

  // portfolio
  GetBalance: 'portfolio.balance',
  GetPositions: 'portfolio.positions',
  GetFills: 'portfolio.fills',
  GetSettlements: 'portfolio.settlements',
  GetDeposits: 'portfolio.deposits',
  GetWithdrawals: 'portfolio.withdrawals',
  GetPortfolioRestingOrderTotalValue: 'portfolio.restingOrderValue',
  CreateSubaccount: 'portfolio.subaccounts.create',
  ApplySubaccountTransfer: 'portfolio.subaccounts.transfer',
  GetSubaccountBalances: 'portfolio.subaccounts.balances',
  GetSubaccountTransfers: 'portfolio.subaccounts.transfers',
  GetSubaccountNetting: 'portfolio.subaccounts.getNetting',
  UpdateSubaccountNetting: 'portfolio.subaccounts.updateNetting',
  IntraExchangeInstanceTransfer: 'portfolio.intraExchangeTransfers.create',
  GetIntraExchangeInstanceTransfers: 'portfolio.intraExchangeTransfers.list',
  GetIntraExchangeInstanceTransfer: 'portfolio.intraExchangeTransfers.get',
  GetTargetBalanceAllocation: 'portfolio.targetBalanceAllocation.get',
  SetTargetBalanceAllocation: 'portfolio.targetBalanceAllocation.set',

  // communications
  GetCommunicationsID: 'communications.id',
  GetRFQs: 'communications.rfqs.list',
  GetRFQ: 'communications.rfqs.get',
  CreateRFQ: 'communications.rfqs.create',
  DeleteRFQ: 'communications.rfqs.delete',
  GetRFQQuote: 'communications.rfqs.quotes.get',
  DeleteRFQQuote: 'communications.rfqs.quotes.delete',
  AcceptRFQQuote: 'communications.rfqs.quotes.accept',
  ConfirmRFQQuote: 'communications.rfqs.quotes.confirm',
  GetQuotes: 'communications.quotes.list',
  CreateQuote: 'communications.quotes.create',
  GetQuote: 'communications.quotes.get',
  DeleteQuote: 'communications.quotes.delete',
  AcceptQuote: 'communications.quotes.accept',
  ConfirmQuote: 'communications.quotes.confirm',
  GetBlockTradeProposals: 'communications.blockTradeProposals.list',
  ProposeBlockTrade: 'communications.blockTradeProposals.create',
  AcceptBlockTradeProposal: 'communications.blockTradeProposals.accept',

  // API keys and account
  GetApiKeys: 'apiKeys.list',
  CreateApiKey: 'apiKeys.create',
  GenerateApiKey: 'apiKeys.generate',
  DeleteApiKey: 'apiKeys.delete',
  GetAccountApiLimits: 'account.limits',
  GetAccountEndpointCosts: 'account.endpointCosts',
  UpgradeAccountApiUsageLevel: 'account.upgradeUsageLevel',
  GetAccountApiUsageLevelVolumeProgress: 'account.volumeProgress',

  // discovery and reference data
  GetTagsForSeriesCategories: 'search.tagsByCategories',
  GetFiltersForSports: 'search.filtersBySport',
  GetLiveDataByMilestone: 'liveData.get',
  GetLiveData: 'liveData.getByType',
  GetLiveDatas: 'liveData.batchGet',
  GetGameStats: 'liveData.gameStats',
  GetEventLiveData: 'liveData.event',
  GetWeatherIndex: 'liveData.weather',
  GetWeatherIndexCalibrations: 'liveData.weatherCalibrations',
  GetMilestones: 'milestones.list',
  GetMilestone: 'milestones.get',
  GetStructuredTargets: 'structuredTargets.list',
  GetStructuredTarget: 'structuredTargets.get',
  GetMultivariateEventCollections: 'multivariateCollections.list',
  GetMultivariateEventCollection: 'multivariateCollections.get',
  CreateMarketInMultivariateEventCollection: 'multivariateCollections.createMarket',
  GetIncentivePrograms: 'incentivePrograms.list',

  // FCM members
  GetFCMFills: 'fcm.fills',
  GetFCMOrders: 'fcm.orders',
  GetFCMPositions: 'fcm.positions',
  ListFCMSubtraders: 'fcm.subtraders.list',
  CreateFCMSubtrader: 'fcm.subtraders.create',
  GetFCMEventContractDailyCap: 'fcm.subtraders.getDailyCap',
  UpdateFCMEventContractDailyCap: 'fcm.subtraders.updateDailyCap',
  DeleteFCMEventContractDailyCap: 'fcm.subtraders.deleteDailyCap',
  GetFCMSubtraderBlockedCategories: 'fcm.subtraders.getBlockedCategories',
  UpdateFCMSubtraderBlockedCategories: 'fcm.subtraders.updateBlockedCategories',

  // historical
  GetHistoricalCutoff: 'historical.cutoff',
  GetHistoricalMarkets: 'historical.markets',
  GetHistoricalMarket: 'historical.getMarket',
  GetMarketCandlesticksHistorical: 'historical.candlesticks',
  GetTradesHistorical: 'historical.trades',
  GetFillsHistorical: 'historical.fills',
  GetHistoricalOrders: 'historical.orders',
  GetHistoricalPositions: 'historical.positions',
};
