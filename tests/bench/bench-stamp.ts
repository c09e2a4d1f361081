/** Varbind the benchmark sender stamps each trap with (send time, ms since the epoch). */
export const BENCH_STAMP_OID = "1.3.6.1.4.1.99999.42.1.0";
