export { LIQUIDITY_USER, LiquidityProvider, NOISE_USER, type LiquidityDeps, type LiquidityOptions, type StepReport } from './provider.js';
export { getLiquidity, liquiditySchema, setLiquidity, stepLiquidity } from './admin.js';
