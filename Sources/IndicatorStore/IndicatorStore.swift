// IndicatorStore module
